using Portal.Security;

namespace Portal.Academy;

internal sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ManageAcademy = new("ManageAcademy", "Author courses, run cohorts, see reports and revoke certificates");

    public const string ManageAcademyPolicy = Permission.PolicyPrefix + "ManageAcademy";

    public IEnumerable<Permission> GetPermissions() => [ManageAcademy];

    public Type DescriptionResource => typeof(Portal.Academy.Resources.AcademyStrings);

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(PortalRoles.Administrator, [ManageAcademy]),
        new(PortalRoles.Staff, [ManageAcademy]),
    ];
}
