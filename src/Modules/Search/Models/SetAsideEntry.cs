namespace Portal.Search.Models;

/// <summary>
/// An item the indexing worker could not read or index ("poison"): set aside with its error so the worker goes on
/// with later changes instead of retrying it forever. Staff see it on /admin/search. The next change to the item
/// tries it again (and removes this row when it succeeds), as does staff's "try again".
/// </summary>
internal sealed class SetAsideEntry
{
    public const int MaxErrorLength = 1000;

    private SetAsideEntry()
    {
    }

    public SetAsideEntry(string source, string itemId, long logId, string error, DateTimeOffset createdUtc)
    {
        Source = Truncate(source, IndexingLogEntry.MaxLength);
        ItemId = Truncate(itemId, IndexingLogEntry.MaxLength);
        LogId = logId;
        Error = Truncate(error, MaxErrorLength);
        CreatedUtc = createdUtc;
    }

    public long Id { get; private set; }

    public string Source { get; private set; } = "";

    /// <summary>The item's id in its source, or <c>*</c> when the source failed as a whole during a rebuild.</summary>
    public string ItemId { get; private set; } = "";

    /// <summary>The indexing-log row that named it (0 for a rebuild).</summary>
    public long LogId { get; private set; }

    /// <summary>The exception's type and message (no stack, no personal data: module content ids only).</summary>
    public string Error { get; private set; } = "";

    public DateTimeOffset CreatedUtc { get; private set; }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
