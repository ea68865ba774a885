using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Hosting.Data;
using Portal.Navigation;
using Portal.Security;
using Microsoft.Extensions.Localization;
using Portal.Resources;

namespace Portal.Hosting.Identity;

/// <param name="ErasureIncompleteSince">Set when the person asked for deletion and a module could not erase its part:
/// the account is kept until the erasure is retried successfully.</param>
public sealed record UserRow(string Id, string UserName, string DisplayName, string? Email, IReadOnlyList<string> Roles, DateTimeOffset? LockedUntil, bool TwoFactorEnabled, bool IsDemo, DateTimeOffset? ErasureIncompleteSince = null)
{
    public bool ErasureIncomplete => ErasureIncompleteSince is not null;
}

/// <summary>What retrying an incomplete erasure did. <see cref="Problem"/> is an English text key for the admin's message;
/// <see cref="FailedSection"/> the localized title of the module that failed again.</summary>
public sealed record ErasureRetryOutcome(bool Deleted, string? Problem = null, string? FailedSection = null);

public sealed record UserPage(IReadOnlyList<UserRow> Users, string? Query, int Page, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>What an administrator does with accounts (list, search, roles, lock, two-factor reset).</summary>
public sealed class UserAdministration(HostDbContext db, UserManager<PortalUser> users, PersonalDataService personalData, ServerSessions sessions, TimeProvider clock, ILogger<UserAdministration> logger)
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
        var incomplete = (await db.UserClaims.AsNoTracking()
                .Where(c => ids.Contains(c.UserId) && c.ClaimType == PersonalDataService.IncompleteErasureClaim)
                .Select(c => new { c.UserId, c.ClaimValue })
                .ToListAsync(cancellationToken))
            .GroupBy(c => c.UserId)
            .ToDictionary(g => g.Key, g => (DateTimeOffset?)ParseSince(g.First().ClaimValue));
        var now = clock.GetUtcNow();
        return new UserPage([.. found.Select(u => ToRow(u, [.. byUser[u.Id].Order(StringComparer.Ordinal)], now, incomplete.GetValueOrDefault(u.Id)))], term, page, PageSize, total);
    }

    public async Task<UserRow?> FindAsync(string id)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return null;
        }

        var claim = (await users.GetClaimsAsync(user)).FirstOrDefault(c => c.Type == PersonalDataService.IncompleteErasureClaim);
        return ToRow(user, [.. await users.GetRolesAsync(user)], clock.GetUtcNow(), claim is null ? null : ParseSince(claim.Value));
    }

    /// <summary>Finishes a deletion the person asked for and a module could not complete: erases every module's data
    /// again (each module's erasure is idempotent) and then deletes the account. Only for accounts that carry the
    /// incomplete-erasure record, never the acting administrator's own, never the last administrator.</summary>
    public async Task<ErasureRetryOutcome> RetryErasureAsync(PortalUser user, string actingUserId)
    {
        var claims = await users.GetClaimsAsync(user);
        if (!claims.Any(c => c.Type == PersonalDataService.IncompleteErasureClaim))
        {
            return new(false, "This account has no unfinished deletion.");
        }

        if (user.Id == actingUserId)
        {
            return new(false, "You cannot delete your own account here. Use “Delete my account” on your account page.");
        }

        if (await users.IsInRoleAsync(user, PortalRoles.Administrator) && (await users.GetUsersInRoleAsync(PortalRoles.Administrator)).Count <= 1)
        {
            return new(false, "This is the only administrator. Make someone else an administrator first.");
        }

        try
        {
            await personalData.EraseModulesAsync(user);
        }
        catch (PersonalDataUnavailableException ex)
        {
            logger.LogWarning("Erasure retried by {ActingUserId} failed again: user {UserId}", actingUserId, user.Id);
            return new(false, null, ex.SectionTitle);
        }

        var result = await users.DeleteAsync(user);
        if (!result.Succeeded)
        {
            logger.LogError("Erasure retried by {ActingUserId}: module data erased but the account could not be deleted: user {UserId}", actingUserId, user.Id);
            return new(false, "The data was erased but the account itself could not be deleted. Please try again.");
        }

        logger.LogWarning("Account deleted after an incomplete erasure, retried by {ActingUserId}: user {UserId}", actingUserId, user.Id);
        return new(true);
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
        await ChangeAsync(async () =>
        [
            await users.SetLockoutEnabledAsync(user, true),
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue),
            await users.UpdateSecurityStampAsync(user),
        ]);
        await sessions.EndAllAsync(user.Id);
        logger.LogWarning("User {UserId} locked by {ActingUserId}", user.Id, actingUserId);
    }

    public async Task UnlockAsync(PortalUser user, string actingUserId)
    {
        await ChangeAsync(async () =>
        [
            await users.SetLockoutEndDateAsync(user, null),
            await users.ResetAccessFailedCountAsync(user),
        ]);
        logger.LogInformation("User {UserId} unlocked by {ActingUserId}", user.Id, actingUserId);
    }

    public async Task ResetTwoFactorAsync(PortalUser user, string actingUserId)
    {
        await ChangeAsync(async () =>
        [
            await users.SetTwoFactorEnabledAsync(user, false),
            await users.ResetAuthenticatorKeyAsync(user),
            await users.UpdateSecurityStampAsync(user),
        ]);
        logger.LogWarning("Two-factor of user {UserId} reset by {ActingUserId}", user.Id, actingUserId);
    }

    /// <summary>
    /// Applies an administrator's change of an account once more when it lost a race with another change of it (the same
    /// form sent twice at once): a lost step leaves the request with the saved account (PortalUserManager), and the
    /// second try applies every step to it. A second loss is left as it is.
    /// </summary>
    private static async Task ChangeAsync(Func<Task<IdentityResult[]>> change)
    {
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            if (!(await change()).Any(PortalUserManager.IsLostRace))
            {
                return;
            }
        }
    }

    private static UserRow ToRow(PortalUser u, IReadOnlyList<string> roles, DateTimeOffset now, DateTimeOffset? erasureIncompleteSince) =>
        new(u.Id, u.UserName ?? string.Empty, u.DisplayName, u.Email, roles, u.LockoutEnd is { } end && end > now ? end : null, u.TwoFactorEnabled, u.IsDemo, erasureIncompleteSince);

    /// <summary>The claim holds the time of the failed attempt; an unreadable value still marks the account.</summary>
    private static DateTimeOffset ParseSince(string? value) =>
        DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var since) ? since : DateTimeOffset.MinValue;
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
