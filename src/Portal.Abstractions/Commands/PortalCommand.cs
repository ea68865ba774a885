namespace Portal.Commands;

/// <summary>
/// A command-line verb: <c>dotnet run --project src/Portal -- {Name} args…</c> runs it against the configured
/// site (database migrated, services ready) and exits with its return code. The host contributes
/// <c>recipe</c>; the search module contributes <c>reindex</c>.
/// </summary>
public interface IPortalCommand
{
    string Name { get; }

    string Description { get; }

    Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken);
}
