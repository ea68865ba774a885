using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Hosting.Data;
using Portal.Navigation;
using Portal.Security;
using Microsoft.Extensions.Localization;
using Portal.Resources;

namespace Portal.Hosting.Identity;

public sealed record UserRow(string Id, string UserName, string DisplayName, string? Email, IReadOnlyList<string> Roles, DateTimeOffset? LockedUntil, bool TwoFactorEnabled, bool IsDemo);

public sealed record UserPage(IReadOnlyList<UserRow> Users, string? Query, int Page, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>What an administrator does with accounts (list, search, roles, lock, two-factor reset).</summary>
public sealed class UserAdministration(HostDbContext db, UserManager<PortalUser> users, TimeProvider clock, ILogger<UserAdministration> logger)
{
    public const int PageSize = 20;

    public async Task<UserPage> SearchAsync(string? query, int page, CancellationToken cancellationToken)
    {
        var q = db.Users.AsNoTracking();
        var term = query?.Trim();
        if (!string.IsNullOrEmpty(term))
        {
            var upper = term.ToUpperInvariant();
            q = q.Where(u => u.NormalizedUserName!.Contains(upper) || u.NormalizedEmail!.Contains(upper) || u.DisplayName.Contains(term));
        }

        var total = await q.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var found = await q.OrderBy(u => u.NormalizedUserName).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        var ids = found.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name ?? string.Empty);
        var now = clock.GetUtcNow();
        return new UserPage([.. found.Select(u => ToRow(u, [.. byUser[u.Id].Order(StringComparer.Ordinal)], now))], term, page, PageSize, total);
    }

    public async Task<UserRow?> FindAsync(string id)
    {
        var user = await users.FindByIdAsync(id);
        return user is null ? null : ToRow(user, [.. await users.GetRolesAsync(user)], clock.GetUtcNow());
    }

    /// <summary>Saves the display name and roles. An administrator cannot take the Administrator role from themselves
    /// (so that the site always keeps one).</summary>
    public async Task<IdentityResult> UpdateAsync(PortalUser user, string displayName, IReadOnlyCollection<string> roles, string actingUserId)
    {
        var wanted = roles.Where(r => PortalRoles.All.Contains(r, StringComparer.Ordinal)).ToHashSet(StringComparer.Ordinal);
        if (user.Id == actingUserId)
        {
            wanted.Add(PortalRoles.Administrator);
        }

        user.DisplayName = displayName.Trim();
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            return result;
        }

        var current = await users.GetRolesAsync(user);
        var remove = current.Where(r => !wanted.Contains(r)).ToList();
        var add = wanted.Where(r => !current.Contains(r)).ToList();
        if (remove.Count > 0 && !(result = await users.RemoveFromRolesAsync(user, remove)).Succeeded)
        {
            return result;
        }

        if (add.Count > 0 && !(result = await users.AddToRolesAsync(user, add)).Succeeded)
        {
            return result;
        }

        if (remove.Count > 0 || add.Count > 0)
        {
            // Signs the person out elsewhere within the revalidation interval, so a removed role stops working.
            await users.UpdateSecurityStampAsync(user);
            logger.LogInformation("Roles of user {UserId} changed by {ActingUserId}: +[{Added}] -[{Removed}]", user.Id, actingUserId, string.Join(',', add), string.Join(',', remove));
        }

        return IdentityResult.Success;
    }

    public async Task LockAsync(PortalUser user, string actingUserId)
    {
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        logger.LogWarning("User {UserId} locked by {ActingUserId}", user.Id, actingUserId);
    }

    public async Task UnlockAsync(PortalUser user, string actingUserId)
    {
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        logger.LogInformation("User {UserId} unlocked by {ActingUserId}", user.Id, actingUserId);
    }

    public async Task ResetTwoFactorAsync(PortalUser user, string actingUserId)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.UpdateSecurityStampAsync(user);
        logger.LogWarning("Two-factor of user {UserId} reset by {ActingUserId}", user.Id, actingUserId);
    }

    private static UserRow ToRow(PortalUser u, IReadOnlyList<string> roles, DateTimeOffset now) =>
        new(u.Id, u.UserName ?? string.Empty, u.DisplayName, u.Email, roles, u.LockoutEnd is { } end && end > now ? end : null, u.TwoFactorEnabled, u.IsDemo);
}

/// <summary>The host's admin menu items for accounts.</summary>
internal sealed class AccountsAdminMenu(IStringLocalizer<AccountStrings> t) : IAdminMenuProvider
{
    public string FeatureId => Portal.Hosting.Modules.HostFeature.Id;

    public IEnumerable<AdminMenuItem> GetItems()
    {
        var group = t["Users and roles"];
        return
        [
            new AdminMenuItem(group, t["Users"], "/admin/users", "ManageUsers", 10),
            new AdminMenuItem(group, t["New user"], "/admin/users/new", "ManageUsers", 20),
            new AdminMenuItem(group, t["Roles and permissions"], "/admin/roles", "ManageUsers", 30),
        ];
    }
}
