using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>The search box on every page: Chinese and English queries, facets, and a helpful page when nothing matches.</summary>
public sealed class SearchBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Theory]
    [InlineData("zh-HK", "照顧者")]
    [InlineData("en", "volunteer")]
    public async Task A_visitor_searches_from_any_page_and_filters_the_results(string culture, string query)
    {
        var page = await site.NewPageAsync(culture);
        await page.GotoAsync(culture == "en" ? "/?culture=en" : "/");

        await page.Locator("#search-box-q").FillAsync(query);
        await page.Locator("#search-box-q").PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/search\\?"));

        // The index is filled by a background worker after the recipes commit: allow it a moment on a fresh site.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await page.Locator(".search-results mark").CountAsync() == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
            await page.ReloadAsync();
        }

        await Assertions.Expect(page.Locator(".search-results mark").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".search-count")).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(page);

        // WCAG 3.1.2: each hit's title and snippet carry the article's language; its labels keep the page's.
        var hit = page.Locator(".search-hit").First;
        var articleLanguage = await hit.Locator("h3").GetAttributeAsync("lang");
        Assert.Contains(articleLanguage, new[] { "zh-HK", "en" });
        Assert.Equal(articleLanguage, await hit.Locator(".search-snippet").GetAttributeAsync("lang"));
        Assert.Null(await hit.GetAttributeAsync("lang"));
        Assert.Equal(culture, await hit.Locator(".search-hit-meta").EvaluateAsync<string>("e => e.closest('[lang]').getAttribute('lang')"));

        // The search tips open and name the operators in the page's language.
        await page.Locator(".search-tips summary").ClickAsync();
        await Assertions.Expect(page.Locator(".search-tips li").Nth(2)).ToContainTextAsync(culture == "en" ? "NOT" : "不含");
        await BrowserSite.AssertAccessibleAsync(page);

        // Narrow by a facet: the count changes and the results still match.
        var facet = page.Locator(".search-facets input[type=checkbox]").First;
        await facet.CheckAsync();
        var apply = page.Locator(".search-facets button[type=submit]");
        if (await apply.CountAsync() > 0)
        {
            await apply.First.ClickAsync();
        }

        await Assertions.Expect(page.Locator(".search-results mark").First).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(page);

        // Nothing matches: a clear page, still accessible.
        await page.GotoAsync("/search?q=" + Uri.EscapeDataString("zzqxv不存在的字詞"));
        await Assertions.Expect(page.Locator(".search-empty")).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(page);
    }

    [Theory]
    [InlineData("zh-HK", "照顧者", "篩選結果")]
    [InlineData("en", "volunteer", "Filter results")]
    public async Task On_a_phone_the_results_come_first_and_the_filters_fold_away(string culture, string query, string toggle)
    {
        var page = await site.NewPageAsync(culture);
        await page.SetViewportSizeAsync(390, 844);
        var url = "/search?q=" + Uri.EscapeDataString(query) + (culture == "en" ? "&culture=en" : "");
        await page.GotoAsync(url);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await page.Locator(".search-results mark").CountAsync() == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
            await page.ReloadAsync();
        }

        // The first result starts on the first screen; the filters are one button until opened.
        var first = await page.Locator(".search-hit").First.BoundingBoxAsync();
        Assert.NotNull(first);
        Assert.True(first.Y < 844, $"The first result starts at {first.Y} px, below the first screen of a phone.");
        await Assertions.Expect(page.Locator(".search-facets input[type=checkbox]").First).ToBeHiddenAsync();
        await page.GetByText(toggle, new PageGetByTextOptions { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".search-facets input[type=checkbox]").First).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(page);

        // On a wide screen the filters are shown beside the results, with no button.
        await page.SetViewportSizeAsync(1366, 900);
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator(".search-facets input[type=checkbox]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".search-filters-toggle")).ToBeHiddenAsync();
        await BrowserSite.AssertAccessibleAsync(page);
    }

    [Theory]
    [InlineData("zh-HK")]
    [InlineData("en")]
    public async Task A_hit_in_the_other_language_is_marked_with_its_own_language(string culture)
    {
        // WCAG 3.1.2 (issue 18): a query that matches articles in both languages; a hit in the language the page is
        // not in carries its own lang on its title and its snippet, so a screen reader switches voice for it.
        var page = await site.NewPageAsync(culture);
        await page.GotoAsync($"/preferences?culture={culture}&returnUrl=/");
        await page.GotoAsync("/search?q=" + Uri.EscapeDataString("volunteers OR 義工"));
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
        var other = culture == "en" ? "zh-HK" : "en";
        var otherHits = page.Locator($".search-hit:has(h3[lang='{other}'])");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await otherHits.CountAsync() == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
            await page.ReloadAsync();
        }

        Assert.True(await otherHits.CountAsync() > 0, $"No hit in {other} for a query that matches articles in both languages.");
        var hit = otherHits.First;
        Assert.Equal(other, await hit.Locator("h3").GetAttributeAsync("lang"));
        Assert.Equal(other, await hit.Locator(".search-snippet").GetAttributeAsync("lang"));
        Assert.NotEqual(culture, await hit.Locator("h3").GetAttributeAsync("lang"));

        // Its labels (type, language, date) are in the interface language: the nearest lang above them is the page's.
        Assert.Equal(culture, await hit.Locator(".search-hit-meta").EvaluateAsync<string>("e => e.closest('[lang]').getAttribute('lang')"));

        // And a hit in the page's own language is there too, so the query really matched both languages.
        Assert.True(await page.Locator($".search-hit h3[lang='{culture}']").CountAsync() > 0, $"No hit in {culture}.");
        await BrowserSite.AssertAccessibleAsync(page);
    }
}
