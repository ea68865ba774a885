using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Portal.BackgroundTasks;
using Portal.Search.Data;
using Portal.Search.Models;

namespace Portal.Search.Services;

/// <summary>
/// Appends changes to the indexing log (one short insert), inside the caller's transaction when it passes one, and
/// wakes this node's worker once that transaction has committed (or at once without one).
/// </summary>
internal sealed class IndexingQueue(IDbContextFactory<SearchDbContext> dbFactory, IndexingSignal signal, TimeProvider clock) : IIndexingQueue
{
    public async Task EnqueueAsync(IReadOnlyCollection<IndexChange> changes, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (transaction is not null)
        {
            var connection = transaction.Connection ?? throw new ArgumentException("The transaction has no open connection.", nameof(transaction));
            db.Database.SetDbConnection(connection, contextOwnsConnection: false);
            await db.Database.UseTransactionAsync(transaction, cancellationToken);
        }

        db.IndexingLog.AddRange(changes.Distinct().Select(c => new IndexingLogEntry(c.Source, c.ItemId, now)));
        await db.SaveChangesAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            // Every node's listener wakes its worker when this commits (PostgreSQL delivers a NOTIFY made inside a
            // transaction only when, and if, it commits): other nodes apply the change within a second.
            await db.Database.ExecuteSqlRawAsync("SELECT pg_notify('" + PostgresIndexingListener.Channel + "', '')", cancellationToken);
        }

        // Before the caller commits, the worker would find nothing yet; the wake-up after the commit comes from the
        // worker's short follow-up poll (see IndexingSignal.WakeSoon), or the next poll at the latest.
        if (transaction is null)
        {
            signal.Wake();
        }
        else
        {
            signal.WakeSoon();
        }
    }
}

/// <summary>Wakes the indexing task when this node enqueued something (the worker's wait, and the host's
/// background-task trigger when the host has one).</summary>
internal sealed class IndexingSignal(IEnumerable<IBackgroundTaskTrigger> triggers) : IDisposable
{
    private readonly SemaphoreSlim semaphore = new(0, 1);
    private readonly IBackgroundTaskTrigger? trigger = triggers.LastOrDefault();

    public void Dispose() => semaphore.Dispose();

    public void Wake()
    {
        trigger?.Trigger(SearchIndexingTask.Name);
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

    /// <summary>
    /// For rows written inside a caller's transaction that has not committed yet: wakes the worker a few times over
    /// the next second, so a commit that follows at once is applied as quickly as a change enqueued on its own.
    /// </summary>
    public void WakeSoon()
    {
        _ = Task.Run(async () =>
        {
            try
            {
                foreach (var delay in FollowUpDelays)
                {
                    await Task.Delay(delay);
                    Wake();
                }
            }
            catch (ObjectDisposedException)
            {
                // The node is stopping.
            }
        });
    }

    private static readonly TimeSpan[] FollowUpDelays = [TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)];

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => semaphore.WaitAsync(timeout, cancellationToken);
}
