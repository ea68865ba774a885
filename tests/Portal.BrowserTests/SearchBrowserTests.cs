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
}
