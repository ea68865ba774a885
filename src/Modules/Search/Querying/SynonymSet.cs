using Portal.Search.Analysis;

namespace Portal.Search.Querying;

/// <summary>
/// Groups of words that mean the same (照顧者 / 護老者 / carer / caregiver). Looked up by the form the index sees: folded
/// (width, Traditional → Simplified), lower-cased, punctuation dropped, English words stemmed; so <c>volunteers</c>,
/// <c>carer?</c> and <c>(caregiver</c> find the groups of <c>volunteer</c>, <c>carer</c> and <c>caregiver</c>.
/// </summary>
internal sealed class SynonymSet
{
    private readonly Dictionary<string, IReadOnlyList<string>> byKey = new(StringComparer.Ordinal);

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

            foreach (var key in terms.Select(Key).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal))
            {
                // A word in several groups gets the union of them.
                byKey[key] = byKey.TryGetValue(key, out var existing)
                    ? [.. existing.Union(terms, StringComparer.Ordinal)]
                    : terms;
            }
        }
    }

    public int Count => byKey.Count;

    public static string Normalize(string text) =>
        string.Join(' ', CharFolding.Fold(text).ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// The form a word or phrase is looked up by: its English words as the stemming field indexes them (stop words
    /// dropped), then its Chinese characters folded; punctuation and spacing do not count.
    /// </summary>
    public static string Key(string text)
    {
        var folded = CharFolding.Fold(text);
        var stems = SearchQueryBuilder.Analyze(SearchAnalyzers.English, folded).Select(t => t.Term);
        var han = string.Concat(folded.Where(SearchQueryBuilder.IsHan));
        var key = string.Join(' ', stems);
        return han.Length == 0 ? key : key.Length == 0 ? han : key + "\u0001" + han;
    }

    /// <summary>The group containing <paramref name="term"/> (itself included), or null. Any spelling the index folds alike finds it.</summary>
    public IReadOnlyList<string>? Find(string term)
    {
        var key = Key(term);
        return key.Length == 0 ? null : byKey.GetValueOrDefault(key);
    }

    /// <summary>Splits an editor's line ("照顧者, 護老者; carer / caregiver") into terms.</summary>
    public static IReadOnlyList<string> ParseLine(string line) =>
        [.. line.Split([',', '，', ';', '；', '/', '、', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => t.Length > 0 && t.Length <= 100)];
}
