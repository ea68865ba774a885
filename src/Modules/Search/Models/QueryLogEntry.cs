namespace Portal.Search.Models;

/// <summary>A query someone ran (first page only) and how many items it found. No person, no address: PDPO data minimisation.</summary>
internal sealed class QueryLogEntry
{
    public const int MaxQueryLength = 200;

    private QueryLogEntry()
    {
        Query = "";
    }

    public QueryLogEntry(string query, int hits, DateTimeOffset createdUtc)
    {
        Query = Normalize(query);
        Hits = Math.Max(0, hits);
        CreatedUtc = createdUtc;
    }

    public long Id { get; private set; }

    public string Query { get; private set; }

    public int Hits { get; private set; }

    public DateTimeOffset CreatedUtc { get; private set; }

    public static string Normalize(string query)
    {
        var text = string.Join(' ', (query ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        return text.Length <= MaxQueryLength ? text : text[..MaxQueryLength];
    }
}
