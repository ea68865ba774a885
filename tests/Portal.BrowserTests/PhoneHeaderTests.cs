using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>
/// The header on a phone (WCAG 1.4.10 Reflow): no page scrolls sideways at 320 px at any text size in either language;
/// navigation, search and display settings fold behind a real menu button that works with the keyboard; without
/// script everything is still there. Screenshots of what was measured go to the test output (screenshots/).
/// </summary>
public sealed class PhoneHeaderTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private static readonly string[] MainPages = ["/", "/kb", "/academy", "/search?q=照顧者", "/account/sign-in"];


    [Theory]
    [InlineData("zh-HK")]
    [InlineData("en")]
    public async Task No_main_page_scrolls_sideways_at_320px_at_any_text_size(string culture)
    {
        var page = await NewPageAsync(culture, 320, 720);
        foreach (var size in new[] { 0, 1, 2 })
        {
            await page.GotoAsync($"/preferences?textSize={size}&returnUrl=/");
            await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new Regex($"text-size-{size}"));
            foreach (var path in MainPages)
            {
                await page.GotoAsync(path);
                await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
                await AssertNoSidewaysScrollingAsync(page, $"{path} at text size {size} in {culture}");

                // The menu open must reflow too.
                await page.Locator(".menu-button").ClickAsync();
                await Assertions.Expect(page.Locator("#site-menu .main-nav")).ToBeVisibleAsync();
                await AssertNoSidewaysScrollingAsync(page, $"{path} with the menu open at text size {size} in {culture}");
                if (path == "/")
                {
                    await BrowserSite.AssertAccessibleAsync(page);
                    await Screenshots.TakeAsync(page, $"header-size{size}-menu-open", culture, fullPage: false);
                    await page.Locator(".menu-button").ClickAsync();
                    await Screenshots.TakeAsync(page, $"header-size{size}-menu-closed", culture, fullPage: false);
                }
            }
        }

        // High contrast (its own, larger type) at the largest size as well.
        await page.GotoAsync("/preferences?highContrast=true&returnUrl=/");
        foreach (var path in MainPages)
        {
            await page.GotoAsync(path);
            await AssertNoSidewaysScrollingAsync(page, $"{path} in high contrast at the largest text in {culture}");
        }
    }

    [Theory]
    [InlineData("zh-HK", "選單")]
    [InlineData("en", "Menu")]
    public async Task The_menu_button_opens_and_closes_with_the_keyboard(string culture, string menuName)
    {
        var page = await NewPageAsync(culture, 390, 844);
        await page.GotoAsync("/kb");
        var button = page.GetByRole(AriaRole.Button, new() { Name = menuName, Exact = true });
        var nav = page.Locator("#site-menu .main-nav");
        await Assertions.Expect(button).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(button).ToHaveAttributeAsync("aria-controls", "site-menu");
        await Assertions.Expect(nav).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".preferences")).ToBeHiddenAsync();
        await BrowserSite.AssertAccessibleAsync(page);

        // Folded, the header takes well under half of a 390 × 844 screen, at every text size.
        foreach (var size in new[] { 0, 1, 2 })
        {
            await page.GotoAsync($"/preferences?textSize={size}&returnUrl=/kb");
            await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new Regex($"text-size-{size}"));
            var height = await page.EvaluateAsync<double>("document.querySelector('.site-header').getBoundingClientRect().height");
            Assert.True(height < 844 * 0.4, $"the folded header is {height} px tall at text size {size} in {culture}");
            await Screenshots.TakeAsync(page, $"header-size{size}-menu-closed", culture, fullPage: false);
        }

        // Keyboard: skip link, site name, then the menu button; Enter opens it and Tab goes into the menu.
        await page.GotoAsync("/preferences?textSize=0&returnUrl=/kb");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(button).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(button).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(nav).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".preferences")).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(page);
        await Screenshots.TakeAsync(page, $"header-size0-menu-open", culture, fullPage: false);

        // Escape from inside the menu closes it and puts the keyboard back on the button.
        await nav.Locator("a").First.FocusAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(button).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(button).ToBeFocusedAsync();
        await Assertions.Expect(nav).ToBeHiddenAsync();

        // Space opens, Space closes.
        await page.Keyboard.PressAsync(" ");
        await Assertions.Expect(nav).ToBeVisibleAsync();
        await page.Keyboard.PressAsync(" ");
        await Assertions.Expect(nav).ToBeHiddenAsync();

        // The larger text with the menu open, as a person who needs it sees it.
        await page.GotoAsync("/preferences?textSize=2&returnUrl=/kb");
        await button.ClickAsync();
        await Screenshots.TakeAsync(page, $"header-size2-menu-open", culture, fullPage: false);
    }

    [Theory]
    [InlineData("zh-HK")]
    [InlineData("en")]
    public async Task On_a_desktop_there_is_no_menu_button_and_everything_shows(string culture)
    {
        var page = await NewPageAsync(culture, 1366, 900);
        foreach (var size in new[] { 0, 2 })
        {
            await page.GotoAsync($"/preferences?textSize={size}&returnUrl=/");
            await Assertions.Expect(page.Locator(".menu-button")).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator("#site-menu .main-nav")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".preferences")).ToBeVisibleAsync();
            await BrowserSite.AssertAccessibleAsync(page);
            await Screenshots.TakeAsync(page, $"header-size{size}", culture, fullPage: false);
        }
    }

    [Theory]
    [InlineData("zh-HK")]
    [InlineData("en")]
    public async Task Without_script_the_header_is_open_and_still_fits_320px(string culture)
    {
        var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = site.BaseUrl, Locale = culture, JavaScriptEnabled = false, ViewportSize = new ViewportSize { Width = 320, Height = 720 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/preferences?textSize=2&returnUrl=/kb");
        await Assertions.Expect(page.Locator(".menu-button")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#site-menu .main-nav")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".preferences")).ToBeVisibleAsync();
        await AssertNoSidewaysScrollingAsync(page, $"/kb without script at the largest text in {culture}");
        await Screenshots.TakeAsync(page, $"header-size2-no-script", culture, fullPage: false);
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_links_language_is_not_saved_but_the_language_switch_is()
    {
        var page = await NewPageAsync("en", 1366, 900);
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        // A Chinese page opened from the English site (as a search result links it) is shown in Chinese…
        await page.GotoAsync("/kb?culture=zh-HK");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-HK");

        // …and the text size chosen there keeps that page Chinese, without making Chinese the choice.
        await page.Locator("a[data-text-size='1']").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-HK");
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new Regex("text-size-1"));

        // The next plain page is still English.
        await page.GotoAsync("/academy");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        // The language switch switches and remembers.
        await page.GetByRole(AriaRole.Link, new() { Name = "中文", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-HK");
        Assert.EndsWith("/academy", page.Url, StringComparison.Ordinal);
        await page.GotoAsync("/kb");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-HK");
        await page.GetByRole(AriaRole.Link, new() { Name = "English", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
    }

    [Fact]
    public async Task A_cached_page_shows_a_new_text_size_at_once_and_has_no_antiforgery_token()
    {
        var page = await NewPageAsync("zh-HK", 1366, 900);
        var response = await page.GotoAsync("/kb");
        var cacheControl = await response!.HeaderValueAsync("cache-control");
        Assert.DoesNotContain("no-store", cacheControl ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("input[name=__RequestVerificationToken]").CountAsync());

        // The page is in the browser's cache; choosing a size must still show the page in that size.
        await page.Locator("a[data-text-size='2']").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new Regex("text-size-2"));
        await Assertions.Expect(page.Locator("a[data-text-size='2']")).ToHaveAttributeAsync("aria-current", "true");
        await page.Locator("a.contrast-switch").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new Regex("contrast-high"));
        Assert.EndsWith("/kb", page.Url, StringComparison.Ordinal);
        await BrowserSite.AssertAccessibleAsync(page);
    }

    private async Task<IPage> NewPageAsync(string culture, int width, int height)
    {
        var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = site.BaseUrl, Locale = culture, ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Fails with the elements that stick out on the right, so the cause is in the message.</summary>
    private static async Task AssertNoSidewaysScrollingAsync(IPage page, string what)
    {
        // No header control breaks its words over several lines (the old text-size buttons did, a character a line).
        var wrapped = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('.site-header .menu-label, .site-header .search-box button, .site-header .link-button, .site-header .preference-choice, .site-header .language-switch')]
            .filter(e => e.getClientRects().length > 0)
            .filter(e => {
              const r = document.createRange(); r.selectNodeContents(e);
              return new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size > 1;
            })
            .map(e => e.textContent.trim())");
        Assert.True(wrapped.Length == 0, $"{what}: header controls wrap over several lines: {string.Join(", ", wrapped)}");

        var (scrollWidth, clientWidth) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("document.documentElement.clientWidth"));
        if (scrollWidth <= clientWidth)
        {
            return;
        }

        var culprits = await page.EvaluateAsync<string[]>(@"() => {
            const w = document.documentElement.clientWidth;
            return [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > w + 0.5 && e.getBoundingClientRect().width > 0)
              .slice(0, 8)
              .map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\s+/g, '.') : '') + ' left=' + Math.round(e.getBoundingClientRect().left) + ' right=' + Math.round(e.getBoundingClientRect().right) + ' in ' + (e.parentElement ? e.parentElement.tagName.toLowerCase() + '.' + e.parentElement.className + ' ' + Math.round(e.parentElement.getBoundingClientRect().width) + ' flex=' + getComputedStyle(e).flex + ' minw=' + getComputedStyle(e).minWidth + ' w=' + getComputedStyle(e).width : ''));
          }");
        Assert.Fail($"{what} scrolls sideways: {scrollWidth} px wide in a {clientWidth} px window; sticking out: {string.Join(", ", culprits)}");
    }
}
