using Microsoft.AspNetCore.Mvc;
using Portal.Search.Querying;
using Portal.Search.Services;

namespace Portal.Search.ViewModels;

/// <summary>Query string of <c>/search</c>. Facet filters repeat (<c>category=a&amp;category=b</c>).</summary>
public sealed class SearchPageQuery
{
    [FromQuery(Name = "q")]
    public string? Q { get; set; }

    [FromQuery(Name = "type")]
    public string[] Type { get; set; } = [];

    [FromQuery(Name = "lang")]
    public string[] Lang { get; set; } = [];

    [FromQuery(Name = "category")]
    public string[] Category { get; set; } = [];

    [FromQuery(Name = "condition")]
    public string[] Condition { get; set; } = [];

    [FromQuery(Name = "tag")]
    public string[] Tag { get; set; } = [];

    [FromQuery(Name = "sort")]
    public string? Sort { get; set; }

    [FromQuery(Name = "page")]
    public int? Page { get; set; }

    /// <summary>Query-string name of each facet (culture is exposed as <c>lang</c>).</summary>
    public static IReadOnlyDictionary<string, string> ParameterNames { get; } = new Dictionary<string, string>
    {
        ["type"] = "type",
        ["culture"] = "lang",
        ["category"] = "category",
        ["condition"] = "condition",
        ["tag"] = "tag",
    };

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Filters()
    {
        var filters = new Dictionary<string, IReadOnlyList<string>>();
        Add("type", Type);
        Add("culture", Lang);
        Add("category", Category);
        Add("condition", Condition);
        Add("tag", Tag);
        return filters;

        void Add(string name, string[] values)
        {
            // One checkbox may stand for several values with the same label (認知障礙症 and dementia): "a,b".
            var clean = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Where(v => !string.IsNullOrWhiteSpace(v) && v.Length <= 100).Distinct(StringComparer.Ordinal).Take(10).ToList();
            if (clean.Count > 0)
            {
                filters[name] = clean;
            }
        }
    }
}

public sealed class SearchPageViewModel
{
    public required string Query { get; init; }

    public required SearchResult Result { get; init; }

    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Filters { get; init; }

    public required SearchSort Sort { get; init; }

    public string? Error { get; init; }

    /// <summary>Names of facet values, document types and languages in the reader's language.</summary>
    public required FacetLabels Labels { get; init; }

    /// <summary>The result's facets as the page lists them: values with the same label share one option.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FacetOption>> Facets { get; init; } = new Dictionary<string, IReadOnlyList<FacetOption>>();

    public IReadOnlyList<FacetOption> RelatedCategories { get; init; } = [];

    public bool HasQuery => Query.Length > 0;

    public bool IsSelected(string facet, string value) =>
        Filters.TryGetValue(facet, out var values) && values.Contains(value, StringComparer.Ordinal);

    public bool IsSelected(string facet, FacetOption option) => option.Values.Any(v => IsSelected(facet, v));

    /// <summary>Every facet value, document type and language the page shows, by facet: what needs a label.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyCollection<string>> ValuesToName(SearchResult result)
    {
        var values = result.Facets.ToDictionary(f => f.Key, f => f.Value.Select(v => v.Value).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        Add(SearchLabelResolver.TypeFacet, result.Hits.Select(h => h.Type));
        Add(SearchLabelResolver.CultureFacet, result.Hits.Select(h => h.Culture));
        Add("category", result.RelatedCategories.Select(c => c.Value));
        return values.ToDictionary(v => v.Key, v => (IReadOnlyCollection<string>)v.Value, StringComparer.Ordinal);

        void Add(string facet, IEnumerable<string> more)
        {
            if (!values.TryGetValue(facet, out var set))
            {
                values[facet] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.UnionWith(more);
        }
    }

    /// <summary>The URL of this search with other options (page, sort, a facet value toggled).</summary>
    public string Url(int? page = null, SearchSort? sort = null, string? query = null)
    {
        var parts = new List<string> { "q=" + Uri.EscapeDataString(query ?? Query) };
        foreach (var (facet, values) in Filters)
        {
            var name = SearchPageQuery.ParameterNames.GetValueOrDefault(facet, facet);
            parts.AddRange(values.Select(v => name + "=" + Uri.EscapeDataString(v)));
        }

        if ((sort ?? Sort) == SearchSort.Date)
        {
            parts.Add("sort=date");
        }

        if (page is > 1)
        {
            parts.Add("page=" + page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return "/search?" + string.Join('&', parts);
    }

    public static string ParameterName(string facet) => SearchPageQuery.ParameterNames.GetValueOrDefault(facet, facet);
}

/// <summary>One checkbox of a facet: a label and the values it stands for (usually one), with their hit count.</summary>
public sealed record FacetOption(string Label, IReadOnlyList<string> Values, int Count)
{
    /// <summary>The form value: the values joined by commas (the page splits them again).</summary>
    public string Value => string.Join(',', Values);

    /// <summary>
    /// Values whose labels are the same become one option, most hits first. Its count is the number of hits with any
    /// of its values (<paramref name="countAny"/>: a document holding two of them counts once); without it, the sum.
    /// </summary>
    public static IReadOnlyList<FacetOption> Group(string facet, IEnumerable<FacetValue> values, FacetLabels labels, Func<string, IReadOnlyCollection<string>, int>? countAny = null) =>
        [.. values
            .GroupBy(v => labels.Label(facet, v.Value), StringComparer.Ordinal)
            .Select(g => new FacetOption(
                g.Key,
                [.. g.Select(v => v.Value)],
                g.Count() > 1 && countAny is not null ? countAny(facet, [.. g.Select(v => v.Value)]) : g.Sum(v => v.Count)))
            .OrderByDescending(o => o.Count)];
}

public sealed class SearchAdminViewModel
{
    public required IReadOnlyList<Services.SynonymRow> Synonyms { get; init; }

    public required IReadOnlyList<Services.QueryReportRow> TopQueries { get; init; }

    public required IReadOnlyList<Services.QueryReportRow> ZeroHitQueries { get; init; }

    public required Services.IndexStatus Status { get; init; }

    public required int Days { get; init; }

    public string? NewSynonym { get; init; }

    public string? Error { get; init; }

    public string? Message { get; init; }
}
