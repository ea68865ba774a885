using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Search.Data;
using Portal.Search.Indexing;
using Portal.Search.Models;

namespace Portal.Search.Services;

/// <summary>
/// Keeps the indexing log bounded: deletes rows older than <see cref="SearchOptions.LogRetention"/> in batches and
/// records the highest id deleted (<see cref="IndexingLogHorizon"/>) so that a node which had not applied them
/// notices and rebuilds. Several nodes may prune at once: each batch is one short statement, deleting rows
/// another node already deleted is harmless, and the horizon only ever grows.
/// </summary>
internal sealed class IndexingLogPruner(
    SearchIndex index,
    IServiceScopeFactory scopes,
    IOptions<SearchOptions> options,
    TimeProvider clock,
    ILogger<IndexingLogPruner> logger)
{
    /// <summary>Upper bound of batches per call, so that one round of the worker stays short; the next round continues.</summary>
    internal const int MaxBatchesPerRound = 100;

    /// <summary>Deletes expired log rows this node has already applied. Returns the number of rows deleted.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var retention = options.Value.LogRetention;
        if (retention <= TimeSpan.Zero || !index.IsOpen || index.NeedsRebuild)
        {
            return 0;
        }

        // Never prune past what this node has applied: a node busy with a backlog keeps the rows it still needs.
        // Other nodes are protected by the retention period only; one that stays away longer rebuilds on return.
        var appliedHere = index.LastAppliedLogId;
        var batchSize = Math.Max(1, options.Value.LogPruneBatchSize);
        var deleted = 0;
        await using var scope = scopes.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<SearchDbContext>>();
        for (var batch = 0; batch < MaxBatchesPerRound; batch++)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var cutoff = clock.GetUtcNow() - retention;
            var ids = await db.IndexingLog.AsNoTracking()
                .Where(x => x.CreatedUtc < cutoff && x.Id <= appliedHere)
                .OrderBy(x => x.Id)
                .Take(batchSize)
                .Select(x => x.Id)
                .ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }

            var upTo = ids[^1];

            // The horizon moves before the rows go: a reader that finds a row missing always finds the horizon past it.
            // A crash in between leaves the horizon ahead of the rows, which only costs a lagging node an early rebuild.
            await AdvanceHorizonAsync(db, upTo, cancellationToken);
            deleted += await db.IndexingLog
                .Where(x => x.Id <= upTo && x.CreatedUtc < cutoff)
                .ExecuteDeleteAsync(cancellationToken);
            if (ids.Count < batchSize)
            {
                break;
            }
        }

        if (deleted > 0)
        {
            logger.LogInformation("Pruned {Count} indexing-log rows older than {Retention}.", deleted, retention);
        }

        return deleted;
    }

    /// <summary>The highest log id ever pruned (0 when nothing was).</summary>
    public static async Task<long> ReadHorizonAsync(SearchDbContext db, CancellationToken cancellationToken) =>
        await db.IndexingLogHorizon.AsNoTracking()
            .Where(h => h.Id == IndexingLogHorizon.SingletonId)
            .MaxAsync(h => (long?)h.PrunedUpToId, cancellationToken) ?? 0;

    private async Task AdvanceHorizonAsync(SearchDbContext db, long upTo, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var now = clock.GetUtcNow();

            // Conditional update: concurrent pruners serialise on the row and the larger id wins.
            var updated = await db.IndexingLogHorizon
                .Where(h => h.Id == IndexingLogHorizon.SingletonId && h.PrunedUpToId < upTo)
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.PrunedUpToId, upTo).SetProperty(h => h.UpdatedUtc, now), cancellationToken);
            if (updated > 0 || await db.IndexingLogHorizon.AnyAsync(h => h.Id == IndexingLogHorizon.SingletonId, cancellationToken))
            {
                return;
            }

            db.IndexingLogHorizon.Add(new IndexingLogHorizon(upTo, now));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException)
            {
                // Another node created the row first: update it instead.
                db.ChangeTracker.Clear();
            }
        }

        throw new InvalidOperationException("The indexing-log horizon could not be recorded.");
    }
}
