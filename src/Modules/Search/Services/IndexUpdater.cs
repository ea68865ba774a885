using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Search.Data;
using Portal.Search.Indexing;

namespace Portal.Search.Services;

/// <summary>Progress of a full rebuild.</summary>
public sealed record RebuildProgress(string Source, int SourceCount, int Total, bool Done, TimeSpan Elapsed);

/// <summary>
/// Keeps this node's index in step with the indexing log and rebuilds it from every source.
/// One operation at a time; every database read happens outside Lucene's commit.
/// </summary>
internal sealed class IndexUpdater(
    SearchIndex index,
    IServiceScopeFactory scopes,
    IOptions<SearchOptions> options,
    TimeProvider clock,
    ILogger<IndexUpdater> logger) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public void Dispose() => gate.Dispose();

    public bool IsRebuilding { get; private set; }

    /// <summary>Opens the index; rebuilds it when it was missing or unreadable. Returns what was found.</summary>
    public async Task<IndexOpenResult> EnsureReadyAsync(CancellationToken cancellationToken)
    {
        var result = index.Open();
        if (index.NeedsRebuild)
        {
            logger.LogInformation("Rebuilding the search index ({Reason}).", result);
            await RebuildAsync(null, cancellationToken);
            return result;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            long horizon;
            await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SearchDbContext>>().CreateDbContextAsync(cancellationToken))
            {
                horizon = await IndexingLogPruner.ReadHorizonAsync(db, cancellationToken);
            }

            if (!IsBehindHorizon(horizon))
            {
                return result;
            }

            await RebuildUnderGateAsync(null, cancellationToken);
            return IndexOpenResult.BehindLog;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Applies every settled log row after the index's last applied id. Returns the number of items updated.</summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            index.Open();
            var applied = 0;
            var batchSize = Math.Max(1, options.Value.BatchSize);
            while (true)
            {
                await using var scope = scopes.CreateAsyncScope();
                var settle = SettleDelay(scope.ServiceProvider);
                var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SearchDbContext>>().CreateDbContextAsync(cancellationToken);
                await using (db)
                {
                    var last = index.LastAppliedLogId;
                    var rows = await db.IndexingLog.AsNoTracking()
                        .Where(x => x.Id > last)
                        .OrderBy(x => x.Id)
                        .Take(batchSize)
                        .Select(x => new { x.Id, x.Source, x.ItemId, x.CreatedUtc })
                        .ToListAsync(cancellationToken);

                    // Read after the rows: a row pruned before they were read has already moved the horizon. Gaps in
                    // ids (rolled-back inserts, rows not yet committed) never move it, so they never cause a rebuild.
                    if (IsBehindHorizon(await IndexingLogPruner.ReadHorizonAsync(db, cancellationToken)))
                    {
                        return applied + await RebuildUnderGateAsync(null, cancellationToken);
                    }

                    if (settle > TimeSpan.Zero)
                    {
                        var cutoff = clock.GetUtcNow() - settle;
                        var settled = rows.TakeWhile(r => r.CreatedUtc <= cutoff).ToList();
                        var stoppedEarly = settled.Count < rows.Count;
                        rows = settled;
                        if (rows.Count == 0)
                        {
                            return applied;
                        }

                        if (stoppedEarly)
                        {
                            batchSize = rows.Count;
                        }
                    }

                    if (rows.Count == 0)
                    {
                        return applied;
                    }

                    var sources = scope.ServiceProvider.GetServices<ISearchDocumentSource>()
                        .GroupBy(s => s.Source, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

                    // The last change per item wins: each item is read once, in its current state.
                    var items = new List<IndexedItem>();
                    foreach (var key in rows.Select(r => (r.Source, ItemId: IndexedItem.NormalizeItemId(r.Source, r.ItemId))).Distinct())
                    {
                        if (!sources.TryGetValue(key.Source, out var source))
                        {
                            logger.LogWarning("No search source named {Source}; skipping item {ItemId}.", key.Source, key.ItemId);
                            continue;
                        }

                        var document = await source.GetAsync(key.ItemId, cancellationToken);
                        items.Add(new IndexedItem(key.Source, key.ItemId, document));
                    }

                    index.Apply(items, rows[^1].Id);
                    applied += items.Count;
                    if (rows.Count < batchSize)
                    {
                        return applied;
                    }
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Replaces the index with every document of every source. Changes logged meanwhile are applied afterwards.</summary>
    public async Task<int> RebuildAsync(IProgress<RebuildProgress>? progress, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await RebuildUnderGateAsync(progress, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// True (and logged) when rows after the index's last applied id were pruned: the index missed changes that
    /// no longer exist anywhere but in the sources.
    /// </summary>
    private bool IsBehindHorizon(long horizon)
    {
        var applied = index.LastAppliedLogId;
        if (applied >= horizon)
        {
            return false;
        }

        logger.LogWarning(
            "The search index applied the indexing log up to row {Applied}, but rows up to {Horizon} have been pruned (older than the retention period of {Retention}): rebuilding it from the sources.",
            applied,
            horizon,
            options.Value.LogRetention);
        return true;
    }

    private async Task<int> RebuildUnderGateAsync(IProgress<RebuildProgress>? progress, CancellationToken cancellationToken)
    {
        IsRebuilding = true;
        try
        {
            index.Open();
            var started = clock.GetTimestamp();
            await using var scope = scopes.CreateAsyncScope();
            long maxId;
            await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SearchDbContext>>().CreateDbContextAsync(cancellationToken))
            {
                // The sources are read after this: every change up to here, pruned or not, is in what they return.
                // With every row pruned the log is empty, and the horizon keeps the index from looking behind it.
                maxId = Math.Max(
                    await db.IndexingLog.MaxAsync(x => (long?)x.Id, cancellationToken) ?? 0,
                    await IndexingLogPruner.ReadHorizonAsync(db, cancellationToken));
            }

            var total = 0;
            var sources = scope.ServiceProvider.GetServices<ISearchDocumentSource>().ToList();
            await index.RebuildAsync(maxId, async add =>
            {
                foreach (var source in sources)
                {
                    var count = 0;
                    await foreach (var document in source.GetAllAsync(cancellationToken))
                    {
                        add(IndexedItem.Create(source.Source, document.Id, document));
                        count++;
                        total++;
                        if (count % 5000 == 0)
                        {
                            progress?.Report(new RebuildProgress(source.Source, count, total, false, clock.GetElapsedTime(started)));
                        }
                    }

                    progress?.Report(new RebuildProgress(source.Source, count, total, false, clock.GetElapsedTime(started)));
                }
            });

            progress?.Report(new RebuildProgress("", 0, total, true, clock.GetElapsedTime(started)));
            logger.LogInformation("Search index rebuilt: {Count} documents in {Elapsed}.", total, clock.GetElapsedTime(started));
            return total;
        }
        finally
        {
            IsRebuilding = false;
        }
    }

    private TimeSpan SettleDelay(IServiceProvider services)
    {
        if (options.Value.LogSettleDelay is { } configured)
        {
            return configured;
        }

        return services.GetService<IPortalDatabase>()?.Provider == DatabaseProvider.Postgres ? TimeSpan.FromSeconds(2) : TimeSpan.Zero;
    }
}
