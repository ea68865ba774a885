using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Search.Querying;
using Portal.Search.Resources;
using Portal.Search.Services;
using Portal.Search.ViewModels;

namespace Portal.Search.Controllers;

[Area("Search")]
[AllowAnonymous]
public sealed class SearchController(ISearchService search, ISearchLabelResolver labelResolver, IStringLocalizer<SearchStrings> T) : Controller
{
    public const int PageSize = 10;

    [HttpGet("/search")]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Portal.Security.RateLimitPolicies.Search)]
    [Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Portal.Caching.PageCache.AnonymousSearch)]
    public async Task<IActionResult> Index(SearchPageQuery query, CancellationToken cancellationToken)
    {
        var text = (query.Q ?? "").Trim();
        var sort = "date".Equals(query.Sort, StringComparison.OrdinalIgnoreCase) ? SearchSort.Date : SearchSort.Relevance;
        var filters = query.Filters();
        var page = Math.Clamp(query.Page ?? 1, 1, SearchRequest.MaxPage);
        string? error = null;
        var result = SearchResult.Empty(text, page, PageSize);
        if (text.Length > SearchQueryBuilder.MaxQueryLength)
        {
            error = T["The search text can be at most {0} characters.", SearchQueryBuilder.MaxQueryLength];
        }
        else if (text.Length > 0)
        {
            result = await search.SearchAsync(
                new SearchRequest { Query = text, Filters = filters, Page = page, PageSize = PageSize, Sort = sort, Culture = CultureInfo.CurrentUICulture.Name },
                User,
                cancellationToken);
            var lastPage = Math.Max(1, (result.Total + PageSize - 1) / PageSize);
            if (result.Total > 0 && page > lastPage)
            {
                // A page past the end (an old bookmark, a hand-typed page=999): go to the last page of results.
                var parameters = Request.Query
                    .Where(p => !p.Key.Equals("page", StringComparison.OrdinalIgnoreCase))
                    .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
                    .Append(new KeyValuePair<string, string?>("page", lastPage.ToString(CultureInfo.InvariantCulture)));
                return Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/search", parameters));
            }
        }

        var labels = await labelResolver.ResolveAsync(SearchPageViewModel.ValuesToName(result), CultureInfo.CurrentUICulture.Name, cancellationToken);
        if (User.Identity?.IsAuthenticated == true)
        {
            // What a signed-in person finds (their audiences) is theirs: never kept. An anonymous answer is kept by
            // the host's search cache on this node until this node's index changes (PageCache.AnonymousSearch).
            Response.Headers.CacheControl = "no-store";
        }

        return View(new SearchPageViewModel
        {
            Query = text,
            Result = result,
            Filters = filters,
            Sort = sort,
            Error = error,
            Labels = labels,
            Facets = result.Facets.ToDictionary(f => f.Key, f => FacetOption.Group(f.Key, f.Value, labels, result.CountAny), StringComparer.Ordinal),
            RelatedCategories = FacetOption.Group("category", result.RelatedCategories, labels),
        });
    }
}
