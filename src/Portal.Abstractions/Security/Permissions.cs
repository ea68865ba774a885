using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Portal.Security;

/// <summary>The roles every site has. Modules grant their permissions to these through stereotypes.</summary>
public static class PortalRoles
{
    public const string Administrator = "Administrator";
    public const string Staff = "Staff";
    public const string GroupLeader = "GroupLeader";
    public const string Mentor = "Mentor";
    public const string Member = "Member";
    public const string Partner = "Partner";

    public static IReadOnlyList<string> All { get; } = [Administrator, Staff, GroupLeader, Mentor, Member, Partner];
}

/// <summary>A named right. Checked with <see cref="PermissionAuthorizationExtensions.AuthorizeAsync"/> or
/// <c>[Authorize(Policy = Permission.PolicyPrefix + "Name")]</c>.</summary>
public sealed record Permission(string Name, string Description)
{
    public const string PolicyPrefix = "Permission:";
    public const string ClaimType = "Permission";

    public string PolicyName => PolicyPrefix + Name;
}

/// <summary>The default grant of a module's permissions to a role on a fresh site.</summary>
public sealed record PermissionStereotype(string Role, IReadOnlyList<Permission> Permissions);

/// <summary>A module's <c>Permissions.cs</c>.</summary>
public interface IPermissionProvider
{
    IEnumerable<Permission> GetPermissions();

    IEnumerable<PermissionStereotype> GetDefaultStereotypes();

    /// <summary>Optional: the module's localization marker type (its <c>Resources/*Strings</c> class). The admin looks up each
    /// permission's <see cref="Permission.Description"/> (the English text is the key) through
    /// <c>IStringLocalizer</c> of this type; <see langword="null"/> shows the description as written.</summary>
    Type? DescriptionResource => null;
}

/// <summary>Requirement behind every <c>Permission:*</c> policy; the host's handler resolves roles to permissions.</summary>
public sealed class PermissionRequirement(string permissionName) : IAuthorizationRequirement
{
    public string PermissionName { get; } = permissionName;
}

public static class PermissionAuthorizationExtensions
{
    public static async Task<bool> AuthorizeAsync(this IAuthorizationService service, ClaimsPrincipal user, Permission permission)
    {
        ArgumentNullException.ThrowIfNull(service);
        var result = await service.AuthorizeAsync(user, null, new PermissionRequirement(permission.Name));
        return result.Succeeded;
    }
}

/// <summary>Names of the host's rate-limiter policies, for <c>[EnableRateLimiting]</c> / <c>RequireRateLimiting</c>.
/// The limiter runs after authentication: signed-in people are counted by user id, others by client address.
/// A module puts <c>[EnableRateLimiting(RateLimitPolicies.Posting)]</c> on every action that creates content
/// (a new article, page, post, comment) and <see cref="Search"/> on search pages and APIs.</summary>
public static class RateLimitPolicies
{
    /// <summary>6 sign-in attempts per IP per minute.</summary>
    public const string SignIn = "sign-in";

    /// <summary>3 accounts per IP per hour.</summary>
    public const string Register = "register";

    /// <summary>One post per 5 s per person (<c>Portal:RateLimits:PostingIntervalSeconds</c>): put it on create/post actions.</summary>
    public const string Posting = "posting";

    /// <summary>Search: bursts of 30 (anonymous, per address) or 60 (signed in, per person), then 5 or 10 per second.</summary>
    public const string Search = "search";
}
