namespace Portal.Search.Querying;

public enum SearchSort
{
    Relevance,
    Date,
}

/// <summary>What a person asked for. <see cref="Filters"/>: facet name → accepted values (OR within a facet, AND across facets).</summary>
public sealed record SearchRequest
{
    public const int MaxPageSize = 50;
    public const int MaxPage = 100;

    public string? Query { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Filters { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 10;

    public SearchSort Sort { get; init; } = SearchSort.Relevance;

    /// <summary>The reader's language (zh-HK or en): hits in it are preferred when scores are close. Null: no preference.</summary>
    public string? Culture { get; init; }

    /// <summary>Whether to record the query (text and hit count only) for the staff report.</summary>
    public bool Log { get; init; } = true;
}

public sealed record FacetValue(string Value, int Count);

/// <summary>One result. <see cref="TitleHtml"/> and <see cref="Snippet"/> are HTML: encoded text with &lt;mark&gt; around matches.</summary>
public sealed record SearchHit(
    string Id,
    string Type,
    string Culture,
    string Title,
    string TitleHtml,
    string Url,
    string Snippet,
    float Score,
    DateTimeOffset UpdatedUtc);

public sealed record SearchResult
{
    public static SearchResult Empty(string? query, int page, int pageSize) => new() { Query = query ?? "", Page = page, PageSize = pageSize };

    public string Query { get; init; } = "";

    public int Total { get; init; }

    public IReadOnlyList<SearchHit> Hits { get; init; } = [];

    public IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets { get; init; } = new Dictionary<string, IReadOnlyList<FacetValue>>();

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 10;

    public int PageCount => Total == 0 ? 0 : (Total + PageSize - 1) / PageSize;

    /// <summary>True when no item matched every word and these hits match some of them.</summary>
    public bool Relaxed { get; init; }

    /// <summary>A spelling suggestion that finds something this person may see, or null.</summary>
    public string? DidYouMean { get; init; }

    /// <summary>When nothing matches: categories this person can browse instead.</summary>
    public IReadOnlyList<FacetValue> RelatedCategories { get; init; } = [];

    internal Func<string, IReadOnlyCollection<string>, int>? DistinctCounter { get; init; }

    /// <summary>How many hits have any of <paramref name="values"/> of <paramref name="facet"/>, each hit counted once
    /// (for values shown as one option). Without the search's hits at hand: the sum of their counts.</summary>
    public int CountAny(string facet, IReadOnlyCollection<string> values) =>
        values.Count <= 1 || DistinctCounter is null
            ? Facets.GetValueOrDefault(facet)?.Where(v => values.Contains(v.Value)).Sum(v => v.Count) ?? 0
            : DistinctCounter(facet, values);
}
