using Microsoft.Extensions.Localization;
using Portal.Matching.Resources;
using Portal.Navigation;

namespace Portal.Matching;

internal sealed class AdminMenu(IStringLocalizer<MatchingStrings> t) : IAdminMenuProvider
{
    public string FeatureId => "Matching";

    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new(t["Partner matching"], t["Network"], "/admin/partners", Permissions.ManagePartners.Name, 10),
        new(t["Partner matching"], t["Matches"], "/admin/partners/matches", Permissions.ManagePartners.Name, 20),
        new(t["Partner matching"], t["Broker a match"], "/admin/partners/broker", Permissions.ManagePartners.Name, 30),
    ];
}
