using Microsoft.Extensions.Localization;
using Portal.Academy.Resources;
using Portal.Navigation;

namespace Portal.Academy;

internal sealed class AdminMenu(IStringLocalizer<AcademyStrings> t) : IAdminMenuProvider
{
    public string FeatureId => "Academy";

    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new(t["Training academy"], t["Courses"], "/admin/academy", Permissions.ManageAcademy.Name, 10),
        new(t["Training academy"], t["Learning paths"], "/admin/academy/paths", Permissions.ManageAcademy.Name, 15),
        new(t["Training academy"], t["Cohorts"], "/admin/academy/cohorts", Permissions.ManageAcademy.Name, 20),
        new(t["Training academy"], t["Certificates"], "/admin/academy/certificates", Permissions.ManageAcademy.Name, 30),
    ];
}
