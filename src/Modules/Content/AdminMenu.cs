using Microsoft.Extensions.Localization;
using Portal.Content.Resources;
using Portal.Navigation;

namespace Portal.Content;

internal sealed class AdminMenu(IStringLocalizer<ContentStrings> T) : IAdminMenuProvider
{
    public string FeatureId => "Content";

    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new(T["Content"], T["Pages"], "/admin/pages", Permissions.ManageContent.Name, 1),
        new(T["Content"], T["News"], "/admin/news", Permissions.ManageContent.Name, 2),
        new(T["Content"], T["Main menu"], "/admin/menu", Permissions.ManageContent.Name, 3),
    ];
}
