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

    public void Record(string query, int hits)
    {
        var normalized = QueryLogEntry.Normalize(query);
        if (normalized.Length == 0 || pending.Count >= MaxBuffered)
        {
            return;
        }

        pending.Enqueue(new QueryLogEntry(normalized, hits, clock.GetUtcNow()));
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
