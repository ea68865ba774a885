namespace Portal.Search.Models;

/// <summary>A row of the indexing log: an item changed. Every node applies rows after the last id its index holds.</summary>
internal sealed class IndexingLogEntry
{
    private IndexingLogEntry()
    {
        Source = "";
        ItemId = "";
    }

    public IndexingLogEntry(string source, string itemId, DateTimeOffset createdUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(itemId);
        Source = source.Length <= MaxLength ? source : throw new ArgumentException("The source name is too long.", nameof(source));
        ItemId = itemId.Length <= MaxLength ? itemId : throw new ArgumentException("The item id is too long.", nameof(itemId));
        CreatedUtc = createdUtc;
    }

    public const int MaxLength = 200;

    public long Id { get; private set; }

    public string Source { get; private set; }

    public string ItemId { get; private set; }

    public DateTimeOffset CreatedUtc { get; private set; }
}
