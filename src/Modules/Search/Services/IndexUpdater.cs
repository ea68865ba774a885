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
        }

        return result;
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
        IsRebuilding = true;
        try
        {
            index.Open();
            var started = clock.GetTimestamp();
            await using var scope = scopes.CreateAsyncScope();
            long maxId;
            await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SearchDbContext>>().CreateDbContextAsync(cancellationToken))
            {
                maxId = await db.IndexingLog.MaxAsync(x => (long?)x.Id, cancellationToken) ?? 0;
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
            gate.Release();
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
