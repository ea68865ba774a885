using Microsoft.EntityFrameworkCore;
using Portal.BackgroundTasks;
using Portal.Data;

namespace Portal.Hosting.Data;

/// <summary>
/// Keeps SQLite's query planner statistics (<c>sqlite_stat1</c>) up to date with <c>PRAGMA optimize</c>, as SQLite
/// advises for long-running applications: soon after start and every few hours, on one node. Without statistics the
/// planner guesses, and at scale it guesses wrong: the forum's front page read and sorted all 4,000 threads of the
/// benchmark's synthetic site instead of reading the newest in order from their index and stopping at the eighth. The
/// analysis is bounded (<c>analysis_limit</c>) and looks only at tables that changed enough since the last one.
/// PostgreSQL keeps its own statistics (autovacuum's ANALYZE): nothing to do there.
/// </summary>
internal sealed class QueryPlannerStatisticsTask(HostDbContext db, IPortalDatabase database, ILogger<QueryPlannerStatisticsTask> logger) : IBackgroundTask
{
    public const string Name = "portal.query-planner-statistics";

    public static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=1000", cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA optimize=0x10002", cancellationToken); // every table, as on a first connection
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        logger.LogInformation("Query planner statistics brought up to date in {Milliseconds} ms", (int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
