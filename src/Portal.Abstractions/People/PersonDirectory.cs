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

    Task<IReadOnlyList<PersonInfo>> InRoleAsync(string role, CancellationToken cancellationToken = default);
}
