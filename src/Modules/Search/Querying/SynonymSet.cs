using Portal.Search.Analysis;

namespace Portal.Search.Querying;

/// <summary>Groups of words that mean the same (照顧者 / 護老者 / carer / caregiver). Looked up by folded, lower-cased text.</summary>
internal sealed class SynonymSet
{
    private readonly Dictionary<string, IReadOnlyList<string>> byTerm = new(StringComparer.Ordinal);

    public static SynonymSet Empty { get; } = new([]);

    public SynonymSet(IEnumerable<IEnumerable<string>> groups)
    {
        foreach (var group in groups)
        {
            var terms = group.Select(Normalize).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            if (terms.Count < 2)
            {
                continue;
            }

            foreach (var term in terms)
            {
                // A word in several groups gets the union of them.
                byTerm[term] = byTerm.TryGetValue(term, out var existing)
                    ? [.. existing.Union(terms, StringComparer.Ordinal)]
                    : terms;
            }
        }
    }

    public int Count => byTerm.Count;

    public static string Normalize(string text) =>
        string.Join(' ', CharFolding.Fold(text).ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The group containing <paramref name="normalizedTerm"/> (itself included), or null.</summary>
    public IReadOnlyList<string>? Find(string normalizedTerm) => byTerm.GetValueOrDefault(normalizedTerm);

    /// <summary>Splits an editor's line ("照顧者, 護老者; carer / caregiver") into terms.</summary>
    public static IReadOnlyList<string> ParseLine(string line) =>
        [.. line.Split([',', '，', ';', '；', '/', '、', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => t.Length > 0 && t.Length <= 100)];
}
