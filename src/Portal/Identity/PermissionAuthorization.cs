using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;
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
    private readonly Lazy<(IReadOnlyList<Permission> All, ILookup<string, string> Roles, IReadOnlyDictionary<string, Type> Resources)> _data = new(() =>
    {
        var list = providers.ToList();
        var declared = list.SelectMany(provider => provider.GetPermissions().Select(permission => (Permission: permission, provider.DescriptionResource)))
            .DistinctBy(x => x.Permission.Name)
            .ToList();
        var roles = list.SelectMany(p => p.GetDefaultStereotypes())
            .SelectMany(s => s.Permissions.Select(p => (Permission: p.Name, s.Role)))
            .ToLookup(x => x.Permission, x => x.Role, StringComparer.Ordinal);
        var resources = declared.Where(x => x.DescriptionResource is not null)
            .ToDictionary(x => x.Permission.Name, x => x.DescriptionResource!, StringComparer.Ordinal);
        return ([.. declared.Select(x => x.Permission)], roles, resources);
    });

    public IReadOnlyList<Permission> All => _data.Value.All;

    public IEnumerable<string> RolesHolding(string permission) => _data.Value.Roles[permission];

    /// <summary>The localization marker type of the module that declared the permission, if it gave one.</summary>
    public Type? DescriptionResourceOf(string permission) => _data.Value.Resources.GetValueOrDefault(permission);
}

/// <summary>A permission as the admin shows it: the description in the person's language when its module translates it.</summary>
public sealed record PermissionRow(string Name, string Description);

/// <summary>Looks up each permission's description through the declaring module's own localizer.</summary>
public sealed class PermissionDescriptions(PermissionCatalog catalog, IStringLocalizerFactory localizers)
{
    public IReadOnlyList<PermissionRow> List() =>
        [.. catalog.All.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new PermissionRow(p.Name, Describe(p)))];

    private string Describe(Permission permission)
    {
        if (catalog.DescriptionResourceOf(permission.Name) is not { } resource)
        {
            return permission.Description;
        }

        var translated = localizers.Create(resource)[permission.Description];
        return translated.ResourceNotFound ? permission.Description : translated.Value;
    }
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
