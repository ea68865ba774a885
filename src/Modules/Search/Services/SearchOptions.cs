namespace Portal.Search.Services;

/// <summary>Settings of the search module (section <c>Portal:Search</c>).</summary>
internal sealed class SearchOptions
{
    /// <summary>Log rows applied per commit.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How often the worker looks for other nodes' changes when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Rows younger than this are left for the next round. On PostgreSQL, ids from a sequence can commit out of
    /// order; waiting a moment means a row with a lower id is never skipped. SQLite serialises writers: zero.
    /// </summary>
    public TimeSpan? LogSettleDelay { get; set; }

    /// <summary>How long the synonym list is cached on a node before it is re-read (edits on this node apply at once).</summary>
    public TimeSpan SynonymCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Indexing-log rows older than this are pruned (zero or less: never). A node that stays away longer than this
    /// misses pruned rows and rebuilds its index from the sources when it comes back.
    /// </summary>
    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often each node prunes the indexing log.</summary>
    public TimeSpan LogPruneInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Indexing-log rows deleted per statement (each a short write transaction).</summary>
    public int LogPruneBatchSize { get; set; } = 1000;

    /// <summary>How long labels of facet values (category names, …) are remembered before the modules are asked again.</summary>
    public TimeSpan LabelCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Readiness (<c>/health/ready</c>) fails while an indexing-log row older than this is not applied yet (the index
    /// is behind), as well as while the index is missing, being rebuilt or its last update failed.
    /// </summary>
    public TimeSpan ReadyLag { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Query-log rows older than this are deleted.</summary>
    public TimeSpan QueryLogRetention { get; set; } = TimeSpan.FromDays(365);
}
