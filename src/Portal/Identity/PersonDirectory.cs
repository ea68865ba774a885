using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.People;

namespace Portal.Hosting.Identity;

internal sealed class PersonDirectory(UserManager<PortalUser> users) : IPersonDirectory
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

    public async Task<IReadOnlyList<PersonInfo>> FindManyAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default)
    {
        var found = await users.Users.Where(u => userIds.Contains(u.Id)).ToListAsync(cancellationToken);
        var result = new List<PersonInfo>(found.Count);
        foreach (var user in found)
        {
            result.Add(await ToInfoAsync(user));
        }

        return result;
    }

    public async Task<IReadOnlyList<PersonInfo>> InRoleAsync(string role, CancellationToken cancellationToken = default)
    {
        var inRole = await users.GetUsersInRoleAsync(role);
        var result = new List<PersonInfo>(inRole.Count);
        foreach (var user in inRole)
        {
            result.Add(await ToInfoAsync(user));
        }

        return result;
    }

    private async Task<PersonInfo> ToInfoAsync(PortalUser user) =>
        new(user.Id, user.UserName ?? string.Empty, string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? string.Empty : user.DisplayName,
            user.Email, user.EmailConfirmed, user.PreferredCulture, [.. await users.GetRolesAsync(user)]);
}
