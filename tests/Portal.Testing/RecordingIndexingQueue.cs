using System.Data.Common;
using Portal.Search;

namespace Portal.Testing;

/// <summary>Stands in for the search indexing log: keeps each change and whether it came inside the caller's
/// transaction (as the real queue joins it), and can be made to fail as a failed insert into the log would.</summary>
public sealed class RecordingIndexingQueue : IIndexingQueue
{
    /// <summary>Every change enqueued, oldest first.</summary>
    public List<IndexChange> Changes { get; } = [];

    /// <summary>Every change enqueued with whether its call carried the caller's open transaction.</summary>
    public List<(IndexChange Change, bool InTransaction)> Enqueued { get; } = [];

    /// <summary>How many calls came with the caller's open transaction.</summary>
    public int WithTransaction { get; private set; }

    /// <summary>Makes the next calls throw, as a failed insert into the indexing log would.</summary>
    public bool Fail { get; set; }

    public Task EnqueueAsync(IReadOnlyCollection<IndexChange> changes, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        if (Fail)
        {
            throw new InvalidOperationException("The indexing log is unavailable (test).");
        }

        if (transaction is not null)
        {
            WithTransaction++;
        }

        Changes.AddRange(changes);
        Enqueued.AddRange(changes.Select(c => (c, transaction is not null)));
        return Task.CompletedTask;
    }

    /// <summary>Forgets what was enqueued so far.</summary>
    public void Clear()
    {
        Changes.Clear();
        Enqueued.Clear();
        WithTransaction = 0;
    }
}
