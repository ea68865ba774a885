using Portal.Search.Querying;

namespace Portal.Search.Models;

/// <summary>One line of the synonym list: words that mean the same, e.g. 照顧者, 護老者, carer, caregiver.</summary>
internal sealed class SynonymGroup
{
    public const int MaxTermsLength = 1000;

    private SynonymGroup()
    {
        Terms = "";
    }

    private SynonymGroup(string terms, DateTimeOffset now)
    {
        Terms = terms;
        UpdatedUtc = now;
    }

    public long Id { get; private set; }

    /// <summary>The words, comma-separated, as the editor typed them (normalised spacing).</summary>
    public string Terms { get; private set; }

    public DateTimeOffset UpdatedUtc { get; private set; }

    public IReadOnlyList<string> TermList => SynonymSet.ParseLine(Terms);

    /// <summary>Creates a group, or returns null when the line has fewer than two words.</summary>
    public static SynonymGroup? TryCreate(string line, DateTimeOffset now)
    {
        var terms = Normalize(line);
        return terms is null ? null : new SynonymGroup(terms, now);
    }

    public bool TryUpdate(string line, DateTimeOffset now)
    {
        var terms = Normalize(line);
        if (terms is null)
        {
            return false;
        }

        Terms = terms;
        UpdatedUtc = now;
        return true;
    }

    private static string? Normalize(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        var terms = SynonymSet.ParseLine(line).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var joined = string.Join(", ", terms);
        return terms.Count >= 2 && joined.Length <= MaxTermsLength ? joined : null;
    }
}
