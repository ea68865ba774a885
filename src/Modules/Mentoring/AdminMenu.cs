using Microsoft.Extensions.Localization;
using Portal.Mentoring.Resources;
using Portal.Navigation;

namespace Portal.Mentoring;

internal sealed class AdminMenu(IStringLocalizer<MentoringStrings> t) : IAdminMenuProvider
{
    public string FeatureId => "Mentoring";

    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new(t["Mentor scheme"], t["Applications"], "/admin/mentoring", Permissions.ManageMentoring.Name, 10),
        new(t["Mentor scheme"], t["Pairs"], "/admin/mentoring/pairs", Permissions.ManageMentoring.Name, 20),
        new(t["Mentor scheme"], t["Programme report"], "/admin/mentoring/report", Permissions.ManageMentoring.Name, 30),
    ];
}
