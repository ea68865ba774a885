using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Security;

namespace Portal.Hosting.Identity;

/// <summary>Claims the host adds to the sign-in cookie.</summary>
public static class AccountClaims
{
    /// <summary>Present (value "true") when the person has an authenticator app turned on.</summary>
    public const string TwoFactorEnabled = "portal:2fa";

    public const string DisplayName = "portal:display-name";

    public static bool IsStaff(ClaimsPrincipal user) =>
        user.IsInRole(PortalRoles.Administrator) || user.IsInRole(PortalRoles.Staff);

    /// <summary>The roles the sign-in carries (what every permission check reads), in the order they were added.</summary>
    public static IReadOnlyList<string> Roles(ClaimsPrincipal user) =>
        [.. user.Identities.SelectMany(i => i.FindAll(i.RoleClaimType)).Select(c => c.Value).Distinct(StringComparer.Ordinal)];
}

/// <summary>Adds the display name and whether two-factor is on (so that no request needs a database read for it).
/// The cookie is rebuilt on sign-in, on <c>RefreshSignInAsync</c> and when the security stamp is revalidated.</summary>
internal sealed class PortalClaimsPrincipalFactory(UserManager<PortalUser> users, RoleManager<PortalRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, PortalRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName))
        {
            identity.AddClaim(new Claim(AccountClaims.DisplayName, user.DisplayName));
        }

        if (user.TwoFactorEnabled)
        {
            identity.AddClaim(new Claim(AccountClaims.TwoFactorEnabled, "true"));
        }

        return identity;
    }
}

/// <summary>
/// When <c>Portal:RequireStaffTwoFactor</c> is on, a staff member or administrator without an authenticator app is
/// sent to set one up before anything else (ASVS 5.0 V6.3.3: MFA for privileged accounts).
/// </summary>
internal sealed class StaffTwoFactorMiddleware(RequestDelegate next, AccountPolicy policy)
{
    public const string SetupPath = "/account/authenticator";

    private static readonly string[] Allowed = [SetupPath, "/account/sign-out", "/account/sign-in", "/error", "/health", "/themes", "/preferences", "/_content", "/favicon.ico", "/robots.txt"];

    public Task InvokeAsync(HttpContext context)
    {
        var user = context.User;
        if (policy.RequireStaffTwoFactor &&
            user.Identity?.IsAuthenticated == true &&
            AccountClaims.IsStaff(user) &&
            !user.HasClaim(AccountClaims.TwoFactorEnabled, "true") &&
            !Allowed.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.Redirect(SetupPath + "?required=true");
            return Task.CompletedTask;
        }

        return next(context);
    }
}
