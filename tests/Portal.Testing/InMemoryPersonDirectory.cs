using Portal.People;

namespace Portal.Testing;

/// <summary>Stands in for the host's person directory: the people a test site lists, in order, looked up as the host
/// does (user names without regard to case).</summary>
public sealed class InMemoryPersonDirectory(params IEnumerable<PersonInfo> people) : IPersonDirectory
{
    public List<PersonInfo> People { get; } = [.. people];

    public Task<PersonInfo?> FindAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(People.FirstOrDefault(p => p.UserId == userId));

    public Task<PersonInfo?> FindByUserNameAsync(string userName, CancellationToken cancellationToken = default) =>
        Task.FromResult(People.FirstOrDefault(p => string.Equals(p.UserName, userName, StringComparison.OrdinalIgnoreCase)));

    public Task<IReadOnlyList<PersonInfo>> FindManyAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PersonInfo>>([.. People.Where(p => userIds.Contains(p.UserId))]);

    public Task<IReadOnlyList<PersonInfo>> InRoleAsync(string role, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PersonInfo>>([.. People.Where(p => p.Roles.Contains(role))]);
}
