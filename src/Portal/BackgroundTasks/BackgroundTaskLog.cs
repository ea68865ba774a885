using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Hosting.Data;

namespace Portal.Hosting.BackgroundTasks;

/// <summary>The last run, last success and last failure of a task, from the shared history (every node).</summary>
public sealed record BackgroundTaskHistory(BackgroundTaskRun? LastRun, BackgroundTaskRun? LastSuccess, BackgroundTaskRun? LastFailure);

/// <summary>
/// Writes each run's outcome to <c>portal_background_task_runs</c> and prunes it (the newest
/// <see cref="BackgroundTaskOptions.RunsKeptPerTask"/> runs per task, plus its newest success). Error texts are cut
/// short and e-mail addresses in them are masked: the history is for staff, not a log of people.
/// </summary>
public sealed partial class BackgroundTaskLog(IServiceScopeFactory scopes, IOptions<BackgroundTaskOptions> options)
{
    private const int PruneEvery = 20;
    private int _recorded;

    public async Task RecordAsync(BackgroundTaskRun run, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        db.BackgroundTaskRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        if (Interlocked.Increment(ref _recorded) % PruneEvery == 1)
        {
            await PruneAsync(db, run.TaskName, cancellationToken);
        }
    }

    internal async Task PruneAsync(HostDbContext db, string taskName, CancellationToken cancellationToken)
    {
        var keep = Math.Max(1, options.Value.RunsKeptPerTask);
        var oldestKept = await db.BackgroundTaskRuns.AsNoTracking()
            .Where(r => r.TaskName == taskName)
            .OrderByDescending(r => r.Id)
            .Skip(keep - 1)
            .Select(r => (long?)r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (oldestKept is null)
        {
            return;
        }

        var lastSuccess = await db.BackgroundTaskRuns.AsNoTracking()
            .Where(r => r.TaskName == taskName && r.Succeeded)
            .MaxAsync(r => (long?)r.Id, cancellationToken) ?? 0;
        await db.BackgroundTaskRuns
            .Where(r => r.TaskName == taskName && r.Id < oldestKept && r.Id != lastSuccess)
            .ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, BackgroundTaskHistory>> HistoryAsync(IEnumerable<string> taskNames, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        var result = new Dictionary<string, BackgroundTaskHistory>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in taskNames)
        {
            var runs = db.BackgroundTaskRuns.AsNoTracking().Where(r => r.TaskName == name).OrderByDescending(r => r.Id);
            result[name] = new BackgroundTaskHistory(
                await runs.FirstOrDefaultAsync(cancellationToken),
                await runs.Where(r => r.Succeeded).FirstOrDefaultAsync(cancellationToken),
                await runs.Where(r => !r.Succeeded).FirstOrDefaultAsync(cancellationToken));
        }

        return result;
    }

    /// <summary>The exception's message, short and with e-mail addresses masked.</summary>
    public static string Describe(Exception exception)
    {
        var message = EmailAddress().Replace(exception.Message, "[e-mail]");
        return message.Length <= 500 ? message : message[..500] + "…";
    }

    [GeneratedRegex(@"[^\s@<>""'(),;:]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex EmailAddress();
}
