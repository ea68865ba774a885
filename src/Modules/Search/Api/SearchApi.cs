using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Globalization;
using Portal.Search.Querying;
using Portal.Search.Resources;
using Portal.Search.Services;

namespace Portal.Search.Api;

/// <summary>One hit of <c>GET /api/search</c>. <see cref="Snippet"/> is HTML (encoded text with &lt;mark&gt;).</summary>
public sealed record SearchApiHit(string Id, string Type, string Title, string Url, string Snippet, float Score);

/// <summary>One value of a facet in <c>GET /api/search</c>: the value to filter on, its hit count and its display label in
/// the request's language (<c>?culture=</c>, the language cookie or <c>Accept-Language</c>; zh-HK by default).</summary>
public sealed record SearchApiFacetValue(string Value, int Count, string Label);

/// <summary>Answer of <c>GET /api/search</c>: facets are name → values with counts over what the caller may see.</summary>
public sealed record SearchApiResponse(
    int Total,
    IReadOnlyList<SearchApiHit> Hits,
    IReadOnlyDictionary<string, IReadOnlyList<SearchApiFacetValue>> Facets,
    int Page,
    int PageSize,
    string? DidYouMean);

internal static class SearchApi
{
    public static async Task<Results<Ok<SearchApiResponse>, ValidationProblem>> SearchAsync(
        string? q,
        string? type,
        string? lang,
        string? category,
        string? condition,
        int? page,
        int? pageSize,
        string? sort,
        HttpContext http,
        ISearchService search,
        ISearchLabelResolver labelResolver,
        IStringLocalizer<SearchStrings> T,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (q is { Length: > SearchQueryBuilder.MaxQueryLength })
        {
            errors["q"] = [T["The search text can be at most {0} characters.", SearchQueryBuilder.MaxQueryLength]];
        }

        if (page is < 1 or > SearchRequest.MaxPage)
        {
            errors["page"] = [T["The page must be between 1 and {0}.", SearchRequest.MaxPage]];
        }

        if (pageSize is < 1 or > SearchRequest.MaxPageSize)
        {
            errors["pageSize"] = [T["The page size must be between 1 and {0}.", SearchRequest.MaxPageSize]];
        }

        if (sort is not null && !sort.Equals("relevance", StringComparison.OrdinalIgnoreCase) && !sort.Equals("date", StringComparison.OrdinalIgnoreCase))
        {
            errors["sort"] = [T["Sort must be relevance or date."]];
        }

        if (!string.IsNullOrWhiteSpace(lang) && !lang.StartsWith("zh", StringComparison.OrdinalIgnoreCase) && !lang.StartsWith("en", StringComparison.OrdinalIgnoreCase))
        {
            errors["lang"] = [T["The language must be zh-HK or en."]];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var filters = new Dictionary<string, IReadOnlyList<string>>();
        AddFilter(filters, "type", type);
        AddFilter(filters, "culture", string.IsNullOrWhiteSpace(lang) ? null : PortalCultures.Normalize(lang));
        AddFilter(filters, "category", category);
        AddFilter(filters, "condition", condition);

        var result = await search.SearchAsync(
            new SearchRequest
            {
                Query = q,
                Filters = filters,
                Page = page ?? 1,
                PageSize = pageSize ?? 10,
                Sort = "date".Equals(sort, StringComparison.OrdinalIgnoreCase) ? SearchSort.Date : SearchSort.Relevance,
                Culture = CultureInfo.CurrentUICulture.Name,
            },
            http.User,
            cancellationToken);

        var labels = await labelResolver.ResolveAsync(
            result.Facets.ToDictionary(f => f.Key, f => (IReadOnlyCollection<string>)[.. f.Value.Select(v => v.Value)], StringComparer.Ordinal),
            CultureInfo.CurrentUICulture.Name,
            cancellationToken);
        return TypedResults.Ok(new SearchApiResponse(
            result.Total,
            [.. result.Hits.Select(h => new SearchApiHit(h.Id, h.Type, h.Title, h.Url, h.Snippet, h.Score))],
            result.Facets.ToDictionary(
                f => f.Key,
                f => (IReadOnlyList<SearchApiFacetValue>)[.. f.Value.Select(v => new SearchApiFacetValue(v.Value, v.Count, labels.Label(f.Key, v.Value)))],
                StringComparer.Ordinal),
            result.Page,
            result.PageSize,
            result.DidYouMean));
    }

    private static void AddFilter(Dictionary<string, IReadOnlyList<string>> filters, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            filters[name] = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(10)];
        }
    }
}
