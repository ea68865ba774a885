using Microsoft.Extensions.Localization;
using Portal.Navigation;
using Portal.PortalModule.Resources;

namespace Portal.PortalModule;

/// <summary>The module's items in the admin menu (hidden while the feature is off or the person lacks the permission).</summary>
internal sealed class AdminMenu(IStringLocalizer<PortalModuleStrings> T) : IAdminMenuProvider
{
    public string FeatureId => "PortalModule";

    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new(T["PortalModule"], T["Overview"], "/admin/portalmodule", Permissions.ManagePortalModule.Name, 10),
    ];
}
