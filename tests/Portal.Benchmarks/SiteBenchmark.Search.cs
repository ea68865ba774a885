using System.Globalization;
using Portal.Benchmarks.Relevance;

namespace Portal.Benchmarks;

/// <summary>
/// The search rows of <c>all</c>: not one repeated query but the relevance benchmark's judged queries (77, Chinese and
/// English, each on a page in its judged language), plus the second page of eight broad queries and a facet click (a type or
/// a category) on eight: about 93 distinct addresses for the page and as many for <c>/api/search</c>, which the workers go
/// through in turn. What share came from the page cache (an <c>Age</c> header) is measured and printed. Beside them,
/// the same mix with every request a new address (an extra query value, so it is never in the cache): the cost of a
/// search itself.
/// </summary>
public static partial class SiteBenchmark
{
    /// <summary>The search slot of the mixed load (<c>all</c>): each turn takes the next address of <see cref="SearchMixAsync"/>.</summary>
    private const string SearchMixSlot = "search-mix";

    /// <summary>
    /// The search addresses of the mix, for the page (<c>/search</c>) or the API (<c>/api/search</c>). The second page
    /// only of queries with more than one page of hits (the page sends a later page of a short list to its last page,
    /// a redirect that is never cached): the first eight such of a list of broad queries, counted on the site.
    /// </summary>
    internal static async Task<string[]> SearchMixAsync(HttpClient portal, string path)
    {
        static string Culture(string query) => query[0] < 0x80 ? "en" : "zh-HK";
        string Url(string query, string culture, string extra = "") =>
            path + "?q=" + Uri.EscapeDataString(query) + (culture == "en" ? "&culture=en" : "") + extra;

        var urls = RelevanceJudgements.All.Select(j => Url(j.Query, j.Culture)).ToList();
        var paged = 0;
        foreach (var query in new[] { "義工", "照顧者", "互助", "會員", "支援", "籌款", "護老者", "volunteers", "carers", "support", "group", "members", "meetings", "dementia" })
        {
            using var response = await portal.GetAsync("/api/search?q=" + Uri.EscapeDataString(query));
            using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (paged < 8 && json.RootElement.GetProperty("total").GetInt32() > 10)
            {
                urls.Add(Url(query, Culture(query), "&page=2"));
                paged++;
            }
        }

        // A click on a facet (the page's checkboxes; the API's filters).
        foreach (var (query, facet) in new[]
        {
            ("義工", "&type=kb-article"), ("照顧者", "&type=news"), ("義工", "&category=members-volunteers"), ("籌款", "&category=funding"),
            ("volunteers", "&type=kb-article"), ("carers", "&category=running-the-group"), ("倡議", "&category=advocacy"), ("leadership", "&category=leadership"),
        })
        {
            urls.Add(Url(query, Culture(query), facet));
        }

        return [.. urls.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Runs the mix beside the bare endpoint (as the other pages are), after a warm-up pass over it; with
    /// <paramref name="uncached"/>, every request adds a value never asked before (<c>&amp;n=…</c>), so none is a copy.
    /// Returns the row and the share of measured answers that came from the cache.
    /// </summary>
    private static async Task<(Row Row, double CachedShare)> RunSearchMixAsync(
        string name, HttpClient portal, string[] urls, TimeSpan duration, TimeSpan warmup, double? limit, bool uncached, Func<Task<LoadResult>> measureBare)
    {
        long answered = 0;
        long cached = 0;
        long unique = 0;
        HttpRequestMessage Request(int worker, long i)
        {
            var url = urls[(int)(((worker * 31) + i) % urls.Length)];
            if (uncached)
            {
                url += "&n=" + Interlocked.Increment(ref unique).ToString(CultureInfo.InvariantCulture);
            }

            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.AcceptEncoding.ParseAdd("br, gzip");
            return request;
        }

        bool Ok(HttpResponseMessage response)
        {
            Interlocked.Increment(ref answered);
            if (response.Headers.Age is not null)
            {
                Interlocked.Increment(ref cached);
            }

            return response.IsSuccessStatusCode;
        }

        var adjacentBare = await measureBare();
        await HttpLoad.RunAsync(name + " warm-up", portal, AnonymousConnections, warmup, TimeSpan.Zero, Request, Ok);
        Interlocked.Exchange(ref answered, 0);
        Interlocked.Exchange(ref cached, 0);
        var result = await HttpLoad.RunAsync(name, portal, AnonymousConnections, duration, TimeSpan.Zero, Request, Ok);
        var share = result.RequestsPerSecond / adjacentBare.RequestsPerSecond;
        var cachedShare = answered == 0 ? 0 : (double)cached / answered;
        var row = limit is { } floor
            ? new Row(name + " (c=32)", $"÷ bare {adjacentBare.RequestsPerSecond / 1000:F0}k =", share * 100, "%", $"≥ {floor * 100:F0}%", share >= floor && result.Errors == 0, result)
            : new Row(name + " (c=32)", $"÷ bare {adjacentBare.RequestsPerSecond / 1000:F0}k =", share * 100, "%", "(info)", null, result);
        return (row, cachedShare);
    }
}
