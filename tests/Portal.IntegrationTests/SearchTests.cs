using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>
/// Search through the real host and API: the knowledge sample is indexed after its recipe commits, and an item
/// for members only never reaches an anonymous visitor, not as a hit, a count or a facet.
/// </summary>
public sealed class SearchTests(PortalSite site) : IClassFixture<PortalSite>, IAsyncLifetime
{
    private const string MembersOnlyUrl = "/kb/articles/leader-self-assessment";

    public async Task InitializeAsync()
    {
        _ = site.CreateClient();
        var executor = site.Services.GetRequiredService<RecipeExecutor>();
        await executor.ExecuteAsync(Path.Combine(AppContext.BaseDirectory, "content-recipes", "knowledge.recipe.json"));

        // The index follows the database through the indexing log: wait for the worker to catch up.
        using var client = site.CreateBrowser();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var result = await SearchAsync(client, "義工");
            if (result.GetProperty("total").GetInt32() > 3)
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("The knowledge sample did not reach the search index within a minute.");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_page_past_the_end_goes_to_the_last_page_of_results()
    {
        using var client = site.CreateBrowser();
        using var response = await client.GetAsync("/search?q=" + Uri.EscapeDataString("義工") + "&type=kb-article&page=999");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.Contains("type=kb-article", location, StringComparison.Ordinal);
        Assert.EndsWith("page=" + (await LastPageAsync(client, "kb-article")), location, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(location)).StatusCode);
    }

    private static async Task<int> LastPageAsync(HttpClient client, string type)
    {
        using var response = await client.GetAsync("/api/search?q=" + Uri.EscapeDataString("義工") + "&type=" + type);
        var total = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt32();
        return Math.Max(1, (total + 9) / 10);
    }

    [Fact]
    public async Task Chinese_English_and_simplified_queries_find_the_articles()
    {
        using var client = site.CreateBrowser();
        var carers = await SearchAsync(client, "照顧者");
        Assert.True(carers.GetProperty("total").GetInt32() >= 2);
        Assert.Contains("<mark>", carers.GetProperty("hits")[0].GetProperty("snippet").GetString(), StringComparison.Ordinal);

        var simplified = await SearchAsync(client, "照顾者");
        Assert.Equal(carers.GetProperty("total").GetInt32(), simplified.GetProperty("total").GetInt32());

        var english = await SearchAsync(client, "volunteering", "&lang=en");
        Assert.True(english.GetProperty("total").GetInt32() >= 1);
        Assert.All(english.GetProperty("hits").EnumerateArray(), h => Assert.False(string.IsNullOrEmpty(h.GetProperty("url").GetString())));
    }

    [Fact]
    public async Task A_members_only_article_reaches_members_but_never_anonymous_visitors()
    {
        using var anonymous = site.CreateBrowser();
        var hidden = await SearchAsync(anonymous, "領袖自我評估");
        Assert.DoesNotContain(hidden.GetProperty("hits").EnumerateArray(), h => h.GetProperty("url").GetString()!.StartsWith(MembersOnlyUrl, StringComparison.Ordinal));
        Assert.DoesNotContain("會員專享", hidden.GetRawText(), StringComparison.Ordinal);

        using var member = await site.SignInAsync("member");
        var shown = await SearchAsync(member, "領袖自我評估");
        Assert.Contains(shown.GetProperty("hits").EnumerateArray(), h => h.GetProperty("url").GetString()!.StartsWith(MembersOnlyUrl, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/search?q=abc&pageSize=500")]
    [InlineData("/api/search?q=abc&page=-3")]
    [InlineData("/api/search?q=abc&lang=klingon")]
    [InlineData("/api/search?q=%22unclosed%20(((")]
    public async Task Bad_input_gets_a_clear_answer_never_a_500(string url)
    {
        using var client = site.CreateBrowser();
        using var response = await client.GetAsync(url);
        Assert.True((int)response.StatusCode < 500, $"{url} answered {(int)response.StatusCode}");
    }

    [Fact]
    public async Task The_search_api_is_described_in_the_openapi_document()
    {
        using var client = site.CreateBrowser();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty("/api/search", out _));
    }

    [Fact]
    public async Task The_search_page_names_categories_and_types_in_the_readers_language()
    {
        using var client = site.CreateBrowser();

        var chinese = await PageAsync(client, "/search?q=" + Uri.EscapeDataString("微義工") + "&culture=zh-HK");
        Assert.Matches(@"value=""members-volunteers""[^>]*/>\s*<label[^>]*>會員及義工 <span", chinese);
        Assert.Contains("<span>知識文章</span>", chinese, StringComparison.Ordinal);
        Assert.DoesNotContain("members volunteers", chinese, StringComparison.Ordinal);
        Assert.DoesNotContain("Members and volunteers", chinese, StringComparison.Ordinal);

        var english = await PageAsync(client, "/search?q=volunteering&culture=en");
        Assert.Matches(@"value=""members-volunteers""[^>]*/>\s*<label[^>]*>Members and volunteers <span", english);
        Assert.Contains("<span>Knowledge article</span>", english, StringComparison.Ordinal);
        Assert.DoesNotContain("會員及義工", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_search_api_labels_facet_values_in_the_requested_language()
    {
        using var client = site.CreateBrowser();

        var english = await SearchAsync(client, "dementia", "&culture=en");
        var category = english.GetProperty("facets").GetProperty("category").EnumerateArray().First(v => v.GetProperty("value").GetString() == "conditions");
        Assert.True(category.GetProperty("count").GetInt32() > 0);
        Assert.Equal("Living with a condition", category.GetProperty("label").GetString());

        var chinese = await SearchAsync(client, "dementia", "&culture=zh-HK");
        var condition = chinese.GetProperty("facets").GetProperty("condition").EnumerateArray().First(v => v.GetProperty("value").GetString() == "dementia");
        Assert.Equal("認知障礙症", condition.GetProperty("label").GetString());
        Assert.Equal("英文", chinese.GetProperty("facets").GetProperty("culture").EnumerateArray().First(v => v.GetProperty("value").GetString() == "en").GetProperty("label").GetString());
        Assert.Equal("English", english.GetProperty("facets").GetProperty("culture").EnumerateArray().First(v => v.GetProperty("value").GetString() == "en").GetProperty("label").GetString());
    }

    private static async Task<string> PageAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task One_result_is_counted_in_the_singular_in_English()
    {
        // Issue 15: "1 results" read wrongly in English; Chinese has no plural and reads the same for one or many.
        using var client = site.CreateBrowser();
        string? single = null;
        foreach (var hit in (await SearchAsync(client, "義工")).GetProperty("hits").EnumerateArray())
        {
            var title = "\"" + hit.GetProperty("title").GetString()!.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal) + "\"";
            if ((await SearchAsync(client, title)).GetProperty("total").GetInt32() == 1)
            {
                single = title;
                break;
            }
        }

        Assert.NotNull(single);
        var en = await client.GetStringAsync("/search?culture=en&q=" + Uri.EscapeDataString(single));
        Assert.Contains(System.Net.WebUtility.HtmlEncode($"1 result for “{single}”."), en, StringComparison.Ordinal);
        var zh = await client.GetStringAsync("/search?culture=zh-HK&q=" + Uri.EscapeDataString(single));
        Assert.Contains(System.Net.WebUtility.HtmlEncode($"「{single}」共有 1 個結果。"), zh, StringComparison.Ordinal);

        var many = await client.GetStringAsync("/search?culture=en&q=" + Uri.EscapeDataString("義工"));
        Assert.Matches(@"\d+ results for “義工”\.", many);
    }

    private static async Task<JsonElement> SearchAsync(HttpClient client, string query, string extra = "")
    {
        using var response = await client.GetAsync("/api/search?q=" + Uri.EscapeDataString(query) + extra);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
