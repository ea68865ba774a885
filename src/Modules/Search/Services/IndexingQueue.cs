using Microsoft.EntityFrameworkCore;
using Portal.Search.Data;
using Portal.Search.Models;

namespace Portal.Search.Services;

/// <summary>Appends changes to the indexing log (one short insert) and wakes this node's worker.</summary>
internal sealed class IndexingQueue(IDbContextFactory<SearchDbContext> dbFactory, IndexingSignal signal, TimeProvider clock) : IIndexingQueue
{
    public async Task EnqueueAsync(IReadOnlyCollection<IndexChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.IndexingLog.AddRange(changes.Distinct().Select(c => new IndexingLogEntry(c.Source, c.ItemId, now)));
        await db.SaveChangesAsync(cancellationToken);
        signal.Wake();
    }
}

/// <summary>Wakes the background worker when this node enqueued something.</summary>
internal sealed class IndexingSignal : IDisposable
{
    private readonly SemaphoreSlim semaphore = new(0, 1);

    public void Dispose() => semaphore.Dispose();

    public void Wake()
    {
        if (semaphore.CurrentCount == 0)
        {
            try
            {
                semaphore.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already awake.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => semaphore.WaitAsync(timeout, cancellationToken);
}
