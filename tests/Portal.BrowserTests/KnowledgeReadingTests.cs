using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Hosting.Recipes;

namespace Portal.BrowserTests;

/// <summary>Reading the knowledge base in both languages: axe-clean pages, the link to the other language, and a
/// clean printed article.</summary>
public sealed class KnowledgeReadingTests(BrowserSite site) : IClassFixture<BrowserSite>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        // Idempotent: every test of the class may run it.
        var executor = site.Services.GetRequiredService<RecipeExecutor>();
        await executor.ExecuteAsync(Path.Combine(AppContext.BaseDirectory, "content-recipes", "knowledge.recipe.json"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("zh-HK", "/kb", "知識庫")]
    [InlineData("zh-HK", "/kb/conditions?tag=照顧者", "病況知識")]
    [InlineData("en", "/kb?culture=en", "Knowledge base")]
    [InlineData("en", "/kb/stories?culture=en", "Success stories")]
    public async Task Browsing_pages_are_accessible(string culture, string url, string heading)
    {
        var page = await site.NewPageAsync(culture);
        await page.GotoAsync(url);

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(heading);
        await Assertions.Expect(page.Locator(".kb-article-list > li").First).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_reader_filters_by_audience_with_the_keyboard_and_opens_an_article()
    {
        var page = await site.NewPageAsync("en");
        await page.GotoAsync("/kb?culture=en");

        await page.Locator("#kb-audience").SelectOptionAsync("carers");
        await page.Locator("#kb-audience").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("audience=carers"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Carer stress: caring for others, and for yourself" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Carer stress: caring for others, and for yourself");
        await BrowserSite.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task An_article_links_to_its_other_language_and_prints_without_the_site_around_it()
    {
        var page = await site.NewPageAsync("zh-HK");
        await page.GotoAsync("/kb/articles/carer-stress");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("照顧者壓力：照顧別人，也要照顧自己");
        // The article's words are in the page's language: they carry no lang of their own (WCAG 3.1.2).
        Assert.Equal("zh-HK", await page.Locator(".kb-body").EvaluateAsync<string>("e => e.closest('[lang]').getAttribute('lang')"));
        await BrowserSite.AssertAccessibleAsync(page);

        // The print button is shown by the module's script (no inline script).
        await Assertions.Expect(page.Locator("[data-kb-print]")).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator(".kb-breadcrumb")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("[data-kb-print]")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".kb-body")).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await page.GetByRole(AriaRole.Link, new() { Name = "Read this article in English" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Carer stress: caring for others, and for yourself");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await BrowserSite.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_members_only_article_asks_an_anonymous_reader_to_sign_in()
    {
        var page = await site.NewPageAsync("zh-HK");
        var response = await page.GotoAsync("/kb/articles/leader-self-assessment");

        Assert.NotNull(response);
        Assert.Contains("/account/sign-in", page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("我準備好了嗎", await page.ContentAsync(), StringComparison.Ordinal);
    }
}
