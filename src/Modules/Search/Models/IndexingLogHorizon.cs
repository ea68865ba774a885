namespace Portal.Search.Models;

/// <summary>
/// The single row that remembers how far the indexing log has been pruned: every row with an id up to
/// <see cref="PrunedUpToId"/> may be gone. A node whose index applied less than that missed changes and rebuilds.
/// Ids have normal gaps (rolled-back inserts, sequence caching), so the lowest remaining id cannot tell a gap
/// from a pruned row: this record can.
/// </summary>
internal sealed class IndexingLogHorizon
{
    public const long SingletonId = 1;

    private IndexingLogHorizon()
    {
    }

    public IndexingLogHorizon(long prunedUpToId, DateTimeOffset updatedUtc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prunedUpToId);
        Id = SingletonId;
        PrunedUpToId = prunedUpToId;
        UpdatedUtc = updatedUtc;
    }

    public long Id { get; private set; }

    /// <summary>The highest log id ever pruned (0: nothing pruned yet). Only ever grows.</summary>
    public long PrunedUpToId { get; private set; }

    public DateTimeOffset UpdatedUtc { get; private set; }
}
