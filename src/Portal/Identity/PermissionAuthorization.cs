using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Portal.Security;

namespace Portal.Hosting.Identity;

/// <summary>
/// Grants a permission to a person whose roles hold it. Role grants are the modules' default stereotypes
/// (Administrator holds every permission). One place decides coarse rights for pages, APIs and exports.
/// </summary>
internal sealed class PermissionHandler(PermissionCatalog catalog) : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true &&
            (context.User.IsInRole(PortalRoles.Administrator) ||
             catalog.RolesHolding(requirement.PermissionName).Any(context.User.IsInRole)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>All permissions the enabled modules declare, and which roles hold each.</summary>
public sealed class PermissionCatalog(IEnumerable<IPermissionProvider> providers)
{
    private readonly Lazy<(IReadOnlyList<Permission> All, ILookup<string, string> Roles)> _data = new(() =>
    {
        var list = providers.ToList();
        var all = list.SelectMany(p => p.GetPermissions()).DistinctBy(p => p.Name).ToList();
        var roles = list.SelectMany(p => p.GetDefaultStereotypes())
            .SelectMany(s => s.Permissions.Select(p => (Permission: p.Name, s.Role)))
            .ToLookup(x => x.Permission, x => x.Role, StringComparer.Ordinal);
        return (all, roles);
    });

    public IReadOnlyList<Permission> All => _data.Value.All;

    public IEnumerable<string> RolesHolding(string permission) => _data.Value.Roles[permission];
}

/// <summary>Turns <c>[Authorize(Policy = "Permission:X")]</c> into a <see cref="PermissionRequirement"/>.</summary>
internal sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (policyName.StartsWith(Permission.PolicyPrefix, StringComparison.Ordinal))
        {
            return new AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .AddRequirements(new PermissionRequirement(policyName[Permission.PolicyPrefix.Length..]))
                .Build();
        }

        return await base.GetPolicyAsync(policyName);
    }
}
