using Portal.Security;

namespace Portal.PortalModule;

/// <summary>The module's rights and the roles that get them on a fresh site (an administrator can change them).</summary>
public sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ManagePortalModule = new("ManagePortalModule", "Manage PortalModule");

    public const string ManagePolicy = Permission.PolicyPrefix + "ManagePortalModule";

    public IEnumerable<Permission> GetPermissions() => [ManagePortalModule];

    /// <summary>The roles page shows each description in the reader's language (the key is the English text).</summary>
    public Type DescriptionResource => typeof(Resources.PortalModuleStrings);

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(PortalRoles.Administrator, [ManagePortalModule]),
        new(PortalRoles.Staff, [ManagePortalModule]),
    ];
}
