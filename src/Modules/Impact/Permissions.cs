using Portal.Security;

namespace Portal.Impact;

internal sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ViewImpact = new("ViewImpact", "See the impact dashboard and download its CSV and PDF report");
    public static readonly Permission ManageImpactTargets = new("ManageImpactTargets", "Set the plan's targets and choose the figures shown on the public impact page");

    public const string ViewImpactPolicy = Permission.PolicyPrefix + "ViewImpact";
    public const string ManageImpactTargetsPolicy = Permission.PolicyPrefix + "ManageImpactTargets";

    public IEnumerable<Permission> GetPermissions() => [ViewImpact, ManageImpactTargets];

    public Type DescriptionResource => typeof(Resources.ImpactStrings);

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(PortalRoles.Administrator, [ViewImpact, ManageImpactTargets]),
        new(PortalRoles.Staff, [ViewImpact, ManageImpactTargets]),
    ];
}
