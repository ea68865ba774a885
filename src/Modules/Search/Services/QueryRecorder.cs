using System.Collections.Concurrent;
using Portal.Search.Data;
using Portal.Search.Models;
using Portal.Search.Querying;

namespace Portal.Search.Services;

/// <summary>Buffers queries in memory; the worker writes them in one batch, so searching never waits on a database write.</summary>
internal sealed class QueryRecorder(TimeProvider clock) : IQueryRecorder
{
    private const int MaxBuffered = 10_000;
    private readonly ConcurrentQueue<QueryLogEntry> pending = new();

    // The last hit count of each recent query, for a search answered from the page cache (RecordRepeat).
    private const int MaxRemembered = 5_000;
    private readonly ConcurrentDictionary<string, int> lastHits = new(StringComparer.Ordinal);

    public void Record(string query, int hits)
    {
        var normalized = QueryLogEntry.Normalize(query);
        if (normalized.Length == 0 || pending.Count >= MaxBuffered)
        {
            return;
        }

        if (lastHits.Count >= MaxRemembered)
        {
            lastHits.Clear();
        }

        lastHits[normalized] = hits;
        pending.Enqueue(new QueryLogEntry(normalized, hits, clock.GetUtcNow()));
    }

    /// <summary>The same query again, answered from the page cache: logged with the hit count of its last search
    /// (a query not searched lately on this node, or forgotten, is not logged).</summary>
    public void RecordRepeat(string query)
    {
        var normalized = QueryLogEntry.Normalize(query);
        if (normalized.Length > 0 && pending.Count < MaxBuffered && lastHits.TryGetValue(normalized, out var hits))
        {
            pending.Enqueue(new QueryLogEntry(normalized, hits, clock.GetUtcNow()));
        }
    }

    public int Pending => pending.Count;

    public async Task<int> FlushAsync(SearchDbContext db, CancellationToken cancellationToken)
    {
        var batch = new List<QueryLogEntry>();
        while (batch.Count < MaxBuffered && pending.TryDequeue(out var entry))
        {
            batch.Add(entry);
        }

        if (batch.Count > 0)
        {
            db.QueryLog.AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
        }

        return batch.Count;
    }
}

/// <summary>
/// A search answered from the page cache (<see cref="Portal.Caching.PageCache.AnonymousSearch"/>) did not run, so it
/// was not logged: log it as the service would have (a first page with a query), so the staff report of frequent
/// queries counts every search, cached or not.
/// </summary>
internal sealed class CachedSearchRecorder(QueryRecorder recorder) : Portal.Caching.IPageCacheHitListener
{
    public string Policy => Portal.Caching.PageCache.AnonymousSearch;

    public void Served(Microsoft.AspNetCore.Http.HttpContext context)
    {
        var query = context.Request.Query;
        var page = query["page"].ToString();
        if ((page.Length == 0 || page == "1") && query["q"].ToString() is { Length: > 0 and <= Querying.SearchQueryBuilder.MaxQueryLength } text)
        {
            recorder.RecordRepeat(text.Trim());
        }
    }
}
