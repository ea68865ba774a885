using Portal.Security;

namespace Portal.Content;

/// <summary>Staff write pages, news and the menu; administrators hold every permission anyway.</summary>
internal sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ManageContent = new("ManageContent", "Create, edit, publish and delete pages, news and the main menu");

    public const string ManageContentPolicy = Permission.PolicyPrefix + "ManageContent";

    public IEnumerable<Permission> GetPermissions() => [ManageContent];

    public Type DescriptionResource => typeof(Portal.Content.Resources.ContentStrings);

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(PortalRoles.Administrator, [ManageContent]),
        new(PortalRoles.Staff, [ManageContent]),
    ];
}
