using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.BackgroundTasks;
using Portal.Search.Data;

namespace Portal.Search.Services;

/// <summary>
/// One round of this node's indexing (background task <c>search.indexing</c>): the first round opens the index
/// (rebuilding it when missing, outdated or behind the pruned log), every round applies the indexing log, writes the
/// buffered query log and, every six hours, deletes query-log rows past their retention. Woken at once when this node
/// enqueues (<see cref="IndexingSignal"/> / the host's trigger), otherwise every <see cref="SearchOptions.PollInterval"/>
/// for other nodes' changes. A round that fails throws; the next round tries again.
/// </summary>
internal sealed class SearchIndexingTask(
    IndexUpdater updater,
    QueryRecorder recorder,
    SearchTaskState state,
    IDbContextFactory<SearchDbContext> dbFactory,
    IOptions<SearchOptions> options,
    TimeProvider clock) : IBackgroundTask
{
    public const string Name = "search.indexing";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!state.Prepared)
        {
            await updater.EnsureReadyAsync(cancellationToken);
            state.Prepared = true;
        }

        await updater.CatchUpAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await recorder.FlushAsync(db, cancellationToken);
        if (clock.GetUtcNow() - state.LastQueryLogPrune > TimeSpan.FromHours(6))
        {
            var cutoff = clock.GetUtcNow() - options.Value.QueryLogRetention;
            await db.QueryLog.Where(q => q.CreatedUtc < cutoff).ExecuteDeleteAsync(cancellationToken);
            state.LastQueryLogPrune = clock.GetUtcNow();
        }
    }
}

/// <summary>Prunes the indexing log past its retention (background task <c>search.log-prune</c>, every
/// <see cref="SearchOptions.LogPruneInterval"/>): see <see cref="IndexingLogPruner"/>.</summary>
internal sealed class SearchLogPruneTask(IndexingLogPruner pruner) : IBackgroundTask
{
    public const string Name = "search.log-prune";

    public Task RunAsync(CancellationToken cancellationToken) => pruner.PruneAsync(cancellationToken);
}

/// <summary>What the indexing task remembers between rounds on this node.</summary>
internal sealed class SearchTaskState
{
    /// <summary>The index was opened (and rebuilt if needed) since the node started.</summary>
    public bool Prepared { get; set; }

    public DateTimeOffset LastQueryLogPrune { get; set; } = DateTimeOffset.MinValue;
}
