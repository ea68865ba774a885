using Portal.Security;

namespace Portal.Mentoring;

internal sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ManageMentoring = new("ManageMentoring", "Approve mentor scheme applications, match pairs and see the programme report");

    public const string ManageMentoringPolicy = Permission.PolicyPrefix + "ManageMentoring";

    public IEnumerable<Permission> GetPermissions() => [ManageMentoring];

    public Type DescriptionResource => typeof(Resources.MentoringStrings);

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(PortalRoles.Administrator, [ManageMentoring]),
        new(PortalRoles.Staff, [ManageMentoring]),
    ];
}
