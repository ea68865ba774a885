using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Hosting.Data;
using Portal.People;

namespace Portal.Hosting.Identity;

internal sealed class PersonDirectory(UserManager<PortalUser> users, HostDbContext db) : IPersonDirectory
{
    public async Task<PersonInfo?> FindAsync(string userId, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId);
        return user is null ? null : await ToInfoAsync(user);
    }

    public async Task<PersonInfo?> FindByUserNameAsync(string userName, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByNameAsync(userName) ?? await users.FindByEmailAsync(userName);
        return user is null ? null : await ToInfoAsync(user);
    }

    /// <summary>
    /// Two queries however many people (the people, then all their roles), not one more per person; only the columns a
    /// <see cref="PersonInfo"/> shows (not the password hash and the rest of the account row). One query with the roles
    /// as a joined collection was tried: SQLite then read every role assignment (20 ms for a dashboard at 20,000 members).
    /// </summary>
    public async Task<IReadOnlyList<PersonInfo>> FindManyAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default)
    {
        var ids = userIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var found = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.Email, u.EmailConfirmed, u.PreferredCulture })
            .ToListAsync(cancellationToken);
        var roles = await RolesAsync([.. found.Select(u => u.Id)], cancellationToken);
        return [.. found.Select(u => Info(u.Id, u.UserName, u.DisplayName, u.Email, u.EmailConfirmed, u.PreferredCulture, [.. roles[u.Id]]))];
    }

    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default)
    {
        var ids = userIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        return (await NamesOf.ToListAsync(db, ids, cancellationToken))
            .ToDictionary(u => u.Id, u => ShownName(u.UserName, u.DisplayName), StringComparer.Ordinal);
    }

    /// <summary>Names are looked up by most pages that show people (compiled: see <see cref="Portal.Data.CompiledQuery{TContext, TParameter, TResult}"/>).</summary>
    private static readonly Portal.Data.CompiledListQuery<HostDbContext, List<string>, NameRow> NamesOf =
        new((db, ids) => db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new NameRow(u.Id, u.UserName, u.DisplayName)));

    private sealed record NameRow(string Id, string? UserName, string DisplayName);

    public async Task<IReadOnlyList<PersonInfo>> InRoleAsync(string role, CancellationToken cancellationToken = default) =>
        await WithRolesAsync([.. await users.GetUsersInRoleAsync(role)], cancellationToken);

    private async Task<IReadOnlyList<PersonInfo>> WithRolesAsync(List<PortalUser> found, CancellationToken cancellationToken)
    {
        var roles = await RolesAsync([.. found.Select(u => u.Id)], cancellationToken);
        return [.. found.Select(u => Info(u, [.. roles[u.Id]]))];
    }

    private async Task<ILookup<string, string>> RolesAsync(List<string> ids, CancellationToken cancellationToken) =>
        (await db.UserRoles.AsNoTracking().Where(ur => ids.Contains(ur.UserId))
            .Join(db.Roles.AsNoTracking(), ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken))
        .ToLookup(x => x.UserId, x => x.Name ?? string.Empty);

    private async Task<PersonInfo> ToInfoAsync(PortalUser user) => Info(user, [.. await users.GetRolesAsync(user)]);

    private static PersonInfo Info(PortalUser user, IReadOnlyList<string> roles) =>
        Info(user.Id, user.UserName, user.DisplayName, user.Email, user.EmailConfirmed, user.PreferredCulture, roles);

    private static PersonInfo Info(string id, string? userName, string displayName, string? email, bool emailConfirmed, string preferredCulture, IReadOnlyList<string> roles) =>
        new(id, userName ?? string.Empty, ShownName(userName, displayName), email, emailConfirmed, preferredCulture, roles);

    private static string ShownName(string? userName, string displayName) =>
        string.IsNullOrWhiteSpace(displayName) ? userName ?? string.Empty : displayName;
}
