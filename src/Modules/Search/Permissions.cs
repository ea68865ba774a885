using Portal.Security;

namespace Portal.Search;

internal sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ManageSearch = new("ManageSearch", "Edit search synonyms, see the query report and rebuild the index");

    public const string ManageSearchPolicy = Permission.PolicyPrefix + "ManageSearch";

    public IEnumerable<Permission> GetPermissions() => [ManageSearch];

    public Type DescriptionResource => typeof(Portal.Search.Resources.SearchStrings);

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(PortalRoles.Administrator, [ManageSearch]),
        new(PortalRoles.Staff, [ManageSearch]),
    ];
}
