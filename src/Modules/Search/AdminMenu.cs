using Microsoft.Extensions.Localization;
using Portal.Navigation;
using Portal.Search.Resources;

namespace Portal.Search;

internal sealed class AdminMenu(IStringLocalizer<SearchStrings> T) : IAdminMenuProvider
{
    public string FeatureId => "Search";

    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new(T["Content"], T["Search"], "/admin/search", Permissions.ManageSearch.Name, 50),
    ];
}
