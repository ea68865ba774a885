using Portal.Security;

namespace Portal.Hosting.Security;

/// <summary>The host's own permissions.</summary>
public sealed class HostPermissions : IPermissionProvider
{
    public static readonly Permission AccessAdmin = new("AccessAdmin", "Open the admin area");
    public static readonly Permission ManageUsers = new("ManageUsers", "Manage users and roles");
    public static readonly Permission ManageSite = new("ManageSite", "Switch theme, enable features, run recipes");

    public IEnumerable<Permission> GetPermissions() => [AccessAdmin, ManageUsers, ManageSite];

    public Type DescriptionResource => typeof(Portal.Resources.AccountStrings);

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(PortalRoles.Administrator, [AccessAdmin, ManageUsers, ManageSite]),
        new(PortalRoles.Staff, [AccessAdmin]),
    ];
}
