using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>
/// Issue 14 through the real host, with the search limits at their defaults: a burst of real use never meets the
/// limit, an over-long query gets a message on the page in the reader's language, the page explains the operators,
/// and each hit's title and snippet carry the article's language while the labels keep the page's (issue 18).
/// </summary>
public sealed partial class SearchRankingPageTests : IClassFixture<SearchRankingPageTests.DefaultSearchLimitsSite>, IAsyncLifetime
{
    private readonly DefaultSearchLimitsSite site;

    public SearchRankingPageTests(DefaultSearchLimitsSite site) => this.site = site;

    /// <summary>A site whose search limits are the shipped defaults (other tests raise them).</summary>
    public sealed class DefaultSearchLimitsSite() : PortalSite(new Dictionary<string, string?>
    {
        ["Portal:RateLimits:AnonymousSearchPerSecond"] = new RateLimitOptions().AnonymousSearchPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Portal:RateLimits:SignedInSearchPerSecond"] = new RateLimitOptions().SignedInSearchPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async Task InitializeAsync()
    {
        _ = site.CreateClient();
        await site.Services.GetRequiredService<RecipeExecutor>().ExecuteAsync(Path.Combine(AppContext.BaseDirectory, "content-recipes", "knowledge.recipe.json"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Typing_paging_and_a_facet_click_never_meet_the_limit_but_a_flood_does()
    {
        using var anonymous = site.CreateBrowser();

        // Search-as-you-type word by word, three pages, a facet, back: well under a second each.
        string[] urls =
        [
            "/search?q=c", "/search?q=ca", "/search?q=car", "/search?q=care", "/search?q=carer", "/search?q=carer%20stress",
            "/search?q=carer&page=2", "/search?q=carer&page=3", "/search?q=carer&lang=en", "/search?q=carer",
            "/api/search?q=carer", "/api/search?q=carer&page=2",
        ];
        foreach (var url in urls)
        {
            using var response = await anonymous.GetAsync(url);
            // 200, or a redirect to the last page of results: never "too many requests".
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{url} answered {(int)response.StatusCode}");
        }

        // A script hammering the page still meets it.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 80; i++)
        {
            using var response = await anonymous.GetAsync("/api/search?q=flood" + i);
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Theory]
    [InlineData("zh-HK", "搜尋字詞最多 200 個字。")]
    [InlineData("en", "The search text can be at most 200 characters.")]
    public async Task An_over_long_query_gets_a_message_on_the_page_in_the_readers_language(string culture, string message)
    {
        using var client = site.CreateBrowser();
        var query = string.Concat(Enumerable.Repeat("照顧者 ", 80));

        using var response = await client.GetAsync("/search?culture=" + culture + "&q=" + Uri.EscapeDataString(query));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains(query.Trim(), html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-HK", "搜尋小貼士", "不含")]
    [InlineData("en", "Search tips", "NOT (or 不含)")]
    public async Task The_page_explains_the_operators(string culture, string tips, string not)
    {
        using var client = site.CreateBrowser();

        var html = WebUtility.HtmlDecode(await (await client.GetAsync("/search?culture=" + culture)).Content.ReadAsStringAsync());

        Assert.Contains(tips, html, StringComparison.Ordinal);
        Assert.Contains(not, html, StringComparison.Ordinal);
        Assert.Contains("OR", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_hit_has_the_articles_language_and_the_labels_keep_the_pages()
    {
        using var client = site.CreateBrowser();
        string html = "";
        for (var attempt = 0; attempt < 120 && !html.Contains("search-hit\"", StringComparison.Ordinal); attempt++)
        {
            html = await (await client.GetAsync("/search?culture=zh-HK&q=" + Uri.EscapeDataString("volunteers OR 義工"))).Content.ReadAsStringAsync();
            await Task.Delay(attempt == 0 ? 0 : 500);
        }

        var hits = HitPattern().Matches(html);
        Assert.NotEmpty(hits);
        Assert.Contains(hits, h => h.Groups["title"].Value == "en" && h.Groups["snippet"].Value == "en");
        Assert.Contains(hits, h => h.Groups["title"].Value == "zh-HK" && h.Groups["snippet"].Value == "zh-HK");
        Assert.All(hits, h => Assert.Equal(h.Groups["title"].Value, h.Groups["snippet"].Value));

        // The labels (type, language) are outside the marked elements: they inherit the page's zh-HK.
        Assert.DoesNotContain("<li class=\"search-hit\" lang=", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"zh-HK\"", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<li class=\"search-hit\">\\s*<h3 lang=\"(?<title>[^\"]+)\">.*?<p class=\"search-snippet\" lang=\"(?<snippet>[^\"]+)\">", RegexOptions.Singleline)]
    private static partial Regex HitPattern();
}
