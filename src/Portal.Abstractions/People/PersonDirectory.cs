namespace Portal.People;

/// <summary>What other modules may know about an account: enough to address and greet a person.</summary>
public sealed record PersonInfo(
    string UserId,
    string UserName,
    string DisplayName,
    string? Email,
    bool EmailConfirmed,
    string Culture,
    IReadOnlyList<string> Roles);

/// <summary>Looks people up by Identity user id. Implemented by the host over ASP.NET Core Identity.</summary>
public interface IPersonDirectory
{
    Task<PersonInfo?> FindAsync(string userId, CancellationToken cancellationToken = default);

    Task<PersonInfo?> FindByUserNameAsync(string userName, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PersonInfo>> FindManyAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default);

    /// <summary>The name to show for each of these people (user id → display name, or the user name when none is set;
    /// people not found are missing), for pages that list people by name: the host answers it with one query, without
    /// the roles and addresses <see cref="FindManyAsync"/> reads.</summary>
    async Task<IReadOnlyDictionary<string, string>> NamesAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default) =>
        (await FindManyAsync(userIds, cancellationToken)).ToDictionary(p => p.UserId, p => p.DisplayName, StringComparer.Ordinal);

    Task<IReadOnlyList<PersonInfo>> InRoleAsync(string role, CancellationToken cancellationToken = default);
}
