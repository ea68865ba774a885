using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Modules;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;
using Portal.Knowledge.Models;
using Portal.Knowledge.Services;
using Portal.Search;
using Portal.Search.Services;

namespace Portal.IntegrationTests;

/// <summary>
/// A site whose cached copies would live ten minutes: whatever shows a change sooner was dropped, not expired. It
/// carries a search source of its own (<see cref="ProbeDocuments"/>) whose changes reach only the index (the indexing
/// log is the search module's own table, which drops no page): the one way to see the index's own commit at work.
/// </summary>
public sealed class SearchCacheSite() : PortalSite(new Dictionary<string, string?> { ["Portal:PageCache:Lifetime"] = "00:10:00" })
{
    public ProbeDocuments Probes { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddScoped<ISearchDocumentSource>(_ => new ProbeSource(Probes)));
    }
}

/// <summary>The documents of the test's search source, by item id.</summary>
public sealed class ProbeDocuments
{
    public ConcurrentDictionary<string, SearchDocument> Items { get; } = new(StringComparer.Ordinal);
}

internal sealed class ProbeSource(ProbeDocuments documents) : ISearchDocumentSource
{
    public const string Name = "probe";

    public string Source => Name;

    public async IAsyncEnumerable<SearchDocument> GetAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var document in documents.Items.Values)
        {
            yield return document;
        }

        await Task.CompletedTask;
    }

    public Task<SearchDocument?> GetAsync(string itemId, CancellationToken cancellationToken = default) =>
        Task.FromResult(documents.Items.GetValueOrDefault(itemId));
}

/// <summary>
/// Anonymous search answers (the page and <c>/api/search</c>) come from the page cache (issue 16): one copy per query,
/// page, filter, language and display setting; never for or from a signed-in person; dropped on this node as soon as
/// its index commits (not only when the copy expires), when a feature is switched and when the synonyms change.
/// </summary>
public sealed class SearchCacheTests(SearchCacheSite site) : IClassFixture<SearchCacheSite>, IAsyncLifetime
{
    private const string MembersOnlyUrl = "/kb/articles/leader-self-assessment";

    private static bool FromCache(HttpResponseMessage response) => response.Headers.Age is not null;

    /// <summary>
    /// Asks for <paramref name="url"/> until the answer comes from the cache (another test's write or index commit may
    /// drop the copy between two requests: a few tries at most) and returns that answer's body.
    /// </summary>
    private static async Task<string> CachedAsync(HttpClient client, string url)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (FromCache(response))
            {
                Assert.False(response.Headers.Contains("Set-Cookie"));
                return await response.Content.ReadAsStringAsync();
            }

            await Task.Delay(50);
        }

        Assert.Fail(url + " never came from the cache in ten tries.");
        return "";
    }

    public async Task InitializeAsync()
    {
        _ = site.CreateClient();
        if (await KnowledgeHitsAsync(site.CreateBrowser()) > 3)
        {
            return;
        }

        await site.Services.GetRequiredService<RecipeExecutor>().ExecuteAsync(Path.Combine(AppContext.BaseDirectory, "content-recipes", "knowledge.recipe.json"));
        using var client = site.CreateBrowser();
        await SearchHelpers.WaitForAsync(() => KnowledgeHitsAsync(client), n => n > 3, "the knowledge sample to reach search");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Knowledge articles for 義工 (a query of its own, so no other test's copy is read).</summary>
    private static async Task<int> KnowledgeHitsAsync(HttpClient client, string probe = "init")
    {
        using var response = await client.GetAsync("/api/search?q=" + Uri.EscapeDataString("義工") + "&pageSize=50&probe=" + probe);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return result.GetProperty("hits").EnumerateArray().Count(h => h.GetProperty("type").GetString() == "kb-article");
    }

    private static async Task<int> TotalAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt32();
    }

    [Fact]
    public async Task A_second_identical_anonymous_search_is_served_from_the_cache_and_each_query_page_filter_and_language_has_its_own()
    {
        using var visitor = site.CreateBrowser();
        foreach (var url in new[] { "/search?q=" + Uri.EscapeDataString("照顧者"), "/api/search?q=" + Uri.EscapeDataString("照顧者") })
        {
            using var first = await visitor.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.False(FromCache(first), url);
            Assert.NotEqual(true, first.Headers.CacheControl?.NoStore);
            Assert.Equal(await first.Content.ReadAsStringAsync(), await CachedAsync(visitor, url));
        }

        // Another query, page, filter, sort or language: an answer of its own, not the copy above.
        var carers = await visitor.GetStringAsync("/api/search?q=" + Uri.EscapeDataString("照顧者"));
        foreach (var other in new[]
        {
            "/api/search?q=" + Uri.EscapeDataString("義工"),
            "/api/search?q=" + Uri.EscapeDataString("照顧者") + "&lang=en",
            "/api/search?q=" + Uri.EscapeDataString("照顧者") + "&pageSize=1&page=2",
            "/api/search?q=" + Uri.EscapeDataString("照顧者") + "&type=news",
        })
        {
            using var response = await visitor.GetAsync(other);
            Assert.False(FromCache(response), other);
            Assert.NotEqual(carers, await response.Content.ReadAsStringAsync());
        }

        var chinese = await visitor.GetStringAsync("/search?q=volunteering&culture=zh-HK");
        using var english = await visitor.GetAsync("/search?q=volunteering&culture=en");
        Assert.False(FromCache(english));
        var englishHtml = await english.Content.ReadAsStringAsync();
        Assert.Contains("lang=\"en\"", englishHtml, StringComparison.Ordinal);
        Assert.Contains("lang=\"zh-HK\"", chinese, StringComparison.Ordinal);

        // The language chosen in the header (a cookie) is a variant too, on the same address.
        using var englishVisitor = site.CreateBrowser();
        await englishVisitor.GetAsync("/preferences?culture=en&returnUrl=/");
        Assert.Contains("lang=\"en\"", await englishVisitor.GetStringAsync("/search?q=volunteering&culture-probe=1"), StringComparison.Ordinal);
        Assert.Contains("lang=\"zh-HK\"", await visitor.GetStringAsync("/search?q=volunteering&culture-probe=1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_member_never_gets_a_cached_answer_and_anonymous_visitors_never_get_members_results()
    {
        var url = "/search?q=" + Uri.EscapeDataString("領袖自我評估");
        var api = "/api/search?q=" + Uri.EscapeDataString("領袖自我評估");
        using var visitor = site.CreateBrowser();
        await CachedAsync(visitor, url);
        await CachedAsync(visitor, api);

        using var member = await site.SignInAsync("member");
        foreach (var address in new[] { url, api, url })
        {
            using var own = await member.GetAsync(address);
            Assert.False(FromCache(own), address);
            Assert.Contains(MembersOnlyUrl, await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var page = await member.GetAsync(url);
        Assert.True(page.Headers.CacheControl?.NoStore);

        // What the member found was not kept for the next visitor.
        foreach (var address in new[] { url, api })
        {
            Assert.DoesNotContain(MembersOnlyUrl, await CachedAsync(visitor, address), StringComparison.Ordinal);
        }

        using var fresh = site.CreateBrowser();
        Assert.DoesNotContain(MembersOnlyUrl, await fresh.GetStringAsync(url + "&probe=fresh"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_newly_published_article_shows_in_the_cached_answer_once_the_index_has_it_not_when_the_copy_expires()
    {
        var word = "cachepublish" + Guid.NewGuid().ToString("N")[..8];
        var api = "/api/search?q=" + word;
        var page = "/search?q=" + word;
        using var visitor = site.CreateBrowser();
        Assert.Equal(0, await TotalAsync(visitor, api));
        Assert.Contains("\"total\":0", await CachedAsync(visitor, api), StringComparison.Ordinal);
        await CachedAsync(visitor, page);

        using (var scope = site.Services.CreateScope())
        {
            var editor = scope.ServiceProvider.GetRequiredService<ArticleEditor>();
            var created = await editor.CreateAsync(new ArticleInput
            {
                Slug = word,
                Culture = "en",
                Content = new ArticleContent { Title = word, Body = "Published while its search answer was cached." },
            }, "staff", CancellationToken.None);
            Assert.True((await editor.ApplyAsync(created.Id!.Value, ArticleAction.Publish, CancellationToken.None)).Succeeded);
        }

        // The copies would live ten minutes: the indexing worker's commit must drop them (usually well under a second).
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await TotalAsync(visitor, api) == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), "The cached answer still missed the published article after 15 s.");
            await Task.Delay(100);
        }

        Assert.Contains("/kb/articles/" + word, await visitor.GetStringAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_only_the_index_sees_drops_the_cached_answers_when_the_index_commits()
    {
        // The indexing log is the search module's own table: writing it drops no page, so only the commit can.
        var word = "cacheprobe" + Guid.NewGuid().ToString("N")[..8];
        var api = "/api/search?q=" + word;
        using var visitor = site.CreateBrowser();
        Assert.Equal(0, await TotalAsync(visitor, api));
        Assert.Contains("\"total\":0", await CachedAsync(visitor, api), StringComparison.Ordinal);

        site.Probes.Items[word] = new SearchDocument
        {
            Id = ProbeSource.Name + ":" + word,
            Type = ProbeSource.Name,
            Culture = "en",
            Title = word,
            Body = "Known to the index only.",
            Url = "/",
            UpdatedUtc = DateTimeOffset.UtcNow,
            Visibility = SearchVisibility.Public,
        };
        using (var scope = site.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IIndexingQueue>().EnqueueAsync([new IndexChange(ProbeSource.Name, word)]);
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await TotalAsync(visitor, api) == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), "The cached answer was not dropped when the index committed the probe.");
            await Task.Delay(100);
        }

        // And away again when it is removed from the index.
        site.Probes.Items.TryRemove(word, out _);
        using (var scope = site.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IIndexingQueue>().EnqueueAsync([new IndexChange(ProbeSource.Name, word)]);
        }

        waited.Restart();
        while (await TotalAsync(visitor, api) > 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), "The cached answer still showed the removed probe after 15 s.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Disabling_a_feature_drops_its_results_from_the_cached_answers_at_once()
    {
        using var visitor = site.CreateBrowser();
        var page = "/search?q=" + Uri.EscapeDataString("義工") + "&probe=feature";
        Assert.True(await KnowledgeHitsAsync(visitor, "feature") > 3);
        Assert.Contains("/kb/articles/", await CachedAsync(visitor, page), StringComparison.Ordinal);

        var features = site.Services.GetRequiredService<FeatureManager>();
        await features.SetEnabledAsync(["Knowledge"], enabled: false);
        try
        {
            Assert.Equal(0, await KnowledgeHitsAsync(visitor, "feature"));
            Assert.DoesNotContain("/kb/articles/", await visitor.GetStringAsync(page), StringComparison.Ordinal);
        }
        finally
        {
            await features.SetEnabledAsync(["Knowledge"], enabled: true);
        }

        Assert.True(await KnowledgeHitsAsync(visitor, "feature") > 3);
        Assert.Contains("/kb/articles/", await visitor.GetStringAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Searches_answered_from_the_cache_still_count_in_the_staff_report_of_frequent_queries()
    {
        var word = "cachelog" + Guid.NewGuid().ToString("N")[..6];
        using var visitor = site.CreateBrowser();
        Assert.Equal(0, await TotalAsync(visitor, "/api/search?q=" + word));
        await CachedAsync(visitor, "/api/search?q=" + word);
        await CachedAsync(visitor, "/search?q=" + word + "&page=2");

        // Searched and answered from the cache or not, every first page is one search; the worker writes them (every
        // few seconds). The second page is not a new search.
        using var client = site.CreateBrowser();
        for (var i = 0; i < 2; i++)
        {
            using var response = await client.GetAsync("/api/search?q=" + word);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        QueryReportRow? row = null;
        while (row is not { Count: >= 4 })
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), $"The query was logged {row?.Count ?? 0} times, not 4 (the first search, the cached answers).");
            await Task.Delay(250);
            using var scope = site.Services.CreateScope();
            var report = await scope.ServiceProvider.GetRequiredService<ISearchAdministration>().GetTopQueriesAsync(1, 1000, zeroHitsOnly: true, CancellationToken.None);
            row = report.FirstOrDefault(r => r.Query == word);
        }

        Assert.Equal(0, row.LastHits);
    }

    [Fact]
    public async Task A_synonym_added_by_staff_drops_the_cached_answers_at_once()
    {
        var word = "cachesyn" + Guid.NewGuid().ToString("N")[..6];
        var api = "/api/search?q=" + word;
        using var visitor = site.CreateBrowser();
        Assert.Equal(0, await TotalAsync(visitor, api));
        Assert.Contains("\"total\":0", await CachedAsync(visitor, api), StringComparison.Ordinal);

        using (var scope = site.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ISearchAdministration>().AddSynonymAsync(word + ", 義工", CancellationToken.None));
        }

        Assert.True(await TotalAsync(visitor, api) > 0);
    }
}

/// <summary>
/// Cached search answers cost no search, so they do not count against the search rate limit; every request that
/// reaches the search still does.
/// </summary>
public sealed class SearchCacheRateLimitTests
{
    private sealed class LimitedSite() : PortalSite(new Dictionary<string, string?>
    {
        ["Portal:RateLimits:AnonymousSearchPerSecond"] = "1",
        ["Portal:RateLimits:AnonymousSearchBurst"] = "2",
    });

    [Fact]
    public async Task Repeating_a_cached_search_is_not_limited_but_new_searches_still_are()
    {
        using var site = new LimitedSite();
        using var visitor = site.CreateBrowser();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await visitor.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "The site was not ready within a minute.");
            await Task.Delay(100);
        }

        // Ten times the allowance of two at once and one a second, within a second or so: all answered.
        var fromCache = 0;
        for (var i = 0; i < 20; i++)
        {
            using var response = await visitor.GetAsync("/search?q=caregiver");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            fromCache += response.Headers.Age is null ? 0 : 1;
        }

        Assert.True(fromCache >= 17, $"{fromCache} of 20 from the cache");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await visitor.GetAsync("/api/search?q=caregiver" + i);
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}
