using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>The layout every page shares: language, text size and contrast, keyboard skip link; axe-clean.</summary>
public sealed class ShellTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Theory]
    [InlineData("zh-HK", "找不到網頁", "English")]
    [InlineData("en", "Page not found", "中文")]
    public async Task Language_text_size_and_contrast_can_be_chosen_and_stick(string culture, string heading, string otherLanguage)
    {
        var page = await site.NewPageAsync(culture);
        await page.GotoAsync("/no-such-page" + (culture == "en" ? "?culture=en" : string.Empty));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(heading);
        await BrowserSite.AssertAccessibleAsync(page);

        // Keyboard: the first Tab reaches the skip link.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator(".skip-link")).ToBeFocusedAsync();

        // Larger text sticks across pages.
        await page.Locator("a[data-text-size='2']").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("text-size-2"));
        await page.GotoAsync("/another-missing-page");
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("text-size-2"));

        // High contrast.
        await page.Locator("a.contrast-switch").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("contrast-high"));
        await BrowserSite.AssertAccessibleAsync(page);

        // The other language is one click away, and the choice sticks.
        await page.GetByRole(AriaRole.Link, new() { Name = otherLanguage, Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).Not.ToHaveAttributeAsync("lang", culture);
        await page.GotoAsync("/yet-another-missing-page");
        await Assertions.Expect(page.Locator("html")).Not.ToHaveAttributeAsync("lang", culture);
        await BrowserSite.AssertAccessibleAsync(page);
    }
}
