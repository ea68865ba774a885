using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Search.Data;
using Portal.Search.Indexing;
using Portal.Search.Models;

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

    /// <summary>How many rounds an item may fail before it is set aside (a database outage never sets anything aside).</summary>
    public const int MaxAttempts = 3;

    private readonly Dictionary<(string Source, string ItemId), int> failures = [];

    /// <summary>The error of the last catch-up or rebuild when it failed (cleared by the next success): readiness reports it.</summary>
    public string? LastFailure { get; private set; }

    public DateTimeOffset? LastFailureUtc { get; private set; }

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
            var done = await CatchUpUnderGateAsync(cancellationToken);
            LastFailure = null;
            return done;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LastFailure = ex.GetType().Name + ": " + ex.Message;
            LastFailureUtc = clock.GetUtcNow();
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<int> CatchUpUnderGateAsync(CancellationToken cancellationToken)
    {
        index.Open();
        if (index.NeedsRebuild)
        {
            // A rebuild that failed (e.g. its commit, on a full disk) is tried again before anything else.
            return await RebuildUnderGateAsync(null, cancellationToken);
        }

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

                if (rows.Count == 0)
                {
                    return applied;
                }

                // Rows younger than the settle delay are applied now (a change shows at once, also on other nodes),
                // but the recorded position stops before the first of them: the next round reads them again, so a row
                // with a lower id that commits late (PostgreSQL) is never skipped.
                var settledCount = rows.Count;
                if (settle > TimeSpan.Zero)
                {
                    var cutoff = clock.GetUtcNow() - settle;
                    settledCount = rows.TakeWhile(r => r.CreatedUtc <= cutoff).Count();
                }

                var position = settledCount > 0 ? rows[settledCount - 1].Id : last;

                var sources = scope.ServiceProvider.GetServices<ISearchDocumentSource>()
                    .GroupBy(s => s.Source, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

                // The last change per item wins: each item is read once, in its current state.
                var items = new List<IndexedItem>();
                var setAside = new List<SetAsideEntry>();
                var lastRowOf = rows.GroupBy(r => (r.Source, ItemId: IndexedItem.NormalizeItemId(r.Source, r.ItemId))).ToDictionary(g => g.Key, g => g.Max(r => r.Id));
                foreach (var key in lastRowOf.Keys)
                {
                    if (!sources.TryGetValue(key.Source, out var source))
                    {
                        logger.LogWarning("No search source named {Source}; skipping item {ItemId}.", key.Source, key.ItemId);
                        continue;
                    }

                    try
                    {
                        var document = await source.GetAsync(key.ItemId, cancellationToken);
                        items.Add(new IndexedItem(key.Source, key.ItemId, document, SourceFeatures.Of(source)));
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException && !IsTransient(ex))
                    {
                        // One bad item (e.g. Markdown nested too deeply to render) must not hold up every later
                        // change: after a few rounds it is set aside, removed from the index, and shown to staff.
                        var attempts = failures[key] = failures.GetValueOrDefault(key) + 1;
                        if (attempts < MaxAttempts)
                        {
                            throw;
                        }

                        logger.LogError(ex, "Search item {Source} {ItemId} failed {Attempts} times; set aside.", key.Source, key.ItemId, attempts);
                        setAside.Add(new SetAsideEntry(key.Source, key.ItemId, lastRowOf[key], Describe(ex), clock.GetUtcNow()));
                        items.Add(new IndexedItem(key.Source, key.ItemId, null));
                    }
                }

                foreach (var (item, error) in index.Apply(items, position))
                {
                    logger.LogError(error, "The search index refused item {Source} {ItemId}; set aside.", item.Source, item.ItemId);
                    setAside.Add(new SetAsideEntry(item.Source, item.ItemId, lastRowOf[(item.Source, item.ItemId)], Describe(error), clock.GetUtcNow()));
                }

                foreach (var item in items)
                {
                    failures.Remove((item.Source, item.ItemId));
                }

                await RecordSetAsideAsync(db, setAside, items, cancellationToken);
                applied += items.Count;
                if (settledCount < rows.Count || rows.Count < batchSize)
                {
                    return applied;
                }
            }
        }
    }

    /// <summary>Records the items set aside in this batch and forgets earlier entries for items indexed now.</summary>
    private async Task RecordSetAsideAsync(SearchDbContext db, List<SetAsideEntry> setAside, List<IndexedItem> items, CancellationToken cancellationToken)
    {
        try
        {
            var fine = items.Where(i => i.Document is not null && !setAside.Any(e => e.Source == i.Source && e.ItemId == i.ItemId)).ToList();
            if (fine.Count > 0 && await db.SetAside.AnyAsync(cancellationToken))
            {
                foreach (var group in fine.GroupBy(i => i.Source))
                {
                    var ids = group.Select(i => i.ItemId).ToList();
                    await db.SetAside.Where(e => e.Source == group.Key && ids.Contains(e.ItemId)).ExecuteDeleteAsync(cancellationToken);
                }
            }

            foreach (var entry in setAside)
            {
                // Every node sets the same item aside: keep one row per item (the latest).
                await db.SetAside.Where(e => e.Source == entry.Source && e.ItemId == entry.ItemId).ExecuteDeleteAsync(cancellationToken);
                db.SetAside.Add(entry);
            }

            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The index is already committed past these rows; the log keeps the error for the operator.
            logger.LogError(ex, "Could not record {Count} set-aside search item(s).", setAside.Count);
        }
    }

    private static string Describe(Exception ex) => ex.GetType().Name + ": " + ex.Message;

    /// <summary>Failures of the database or the network: the item is fine, try again later; never set aside.</summary>
    internal static bool IsTransient(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException or TimeoutException or IOException or System.Net.Sockets.SocketException or DbUpdateException)
            {
                return true;
            }
        }

        return false;
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
            var total = await RebuildFromSourcesAsync(progress, cancellationToken);
            LastFailure = null;
            return total;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LastFailure = ex.GetType().Name + ": " + ex.Message;
            LastFailureUtc = clock.GetUtcNow();
            throw;
        }
        finally
        {
            IsRebuilding = false;
        }
    }

    private async Task<int> RebuildFromSourcesAsync(IProgress<RebuildProgress>? progress, CancellationToken cancellationToken)
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
        var failedSources = new List<SetAsideEntry>();
        await index.RebuildAsync(maxId, async add =>
        {
            foreach (var source in sources)
            {
                var count = 0;
                var feature = SourceFeatures.Of(source);
                try
                {
                    await foreach (var document in source.GetAllAsync(cancellationToken))
                    {
                        add(IndexedItem.Create(source.Source, document.Id, document, feature));
                        count++;
                        total++;
                        if (count % 5000 == 0)
                        {
                            progress?.Report(new RebuildProgress(source.Source, count, total, false, clock.GetElapsedTime(started)));
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException && !IsTransient(ex))
                {
                    // One source that fails part-way must not leave the whole site without search: keep what it
                    // gave, go on with the others, and show staff which source failed and why.
                    logger.LogError(ex, "Search source {Source} failed during the rebuild after {Count} documents; set aside.", source.Source, count);
                    failedSources.Add(new SetAsideEntry(source.Source, "*", 0, Describe(ex), clock.GetUtcNow()));
                }

                progress?.Report(new RebuildProgress(source.Source, count, total, false, clock.GetElapsedTime(started)));
            }
        });

        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SearchDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            await RecordSetAsideAsync(db, failedSources, [], cancellationToken);
        }

        progress?.Report(new RebuildProgress("", 0, total, true, clock.GetElapsedTime(started)));
        logger.LogInformation("Search index rebuilt: {Count} documents in {Elapsed}.", total, clock.GetElapsedTime(started));
        return total;
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
