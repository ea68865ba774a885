using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>
/// Issue 15's "done when": the main pages photographed at 320, 390 and 1366 px in both languages and both themes,
/// kept as test output (<see cref="Screenshots"/>) for people to look at. One browser context per language and
/// theme, the viewport set per width; each picture is taken only after the page is shown in the right language and
/// theme and does not scroll sideways.
/// </summary>
public sealed class MainPagesScreenshotTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private static readonly (string Name, string Path)[] MainPages =
    [
        ("home", "/"),
        ("kb", "/kb"),
        ("academy", "/academy"),
        ("search", "/search?q=" + Uri.EscapeDataString("照顧者")),
        ("sign-in", "/account/sign-in"),
    ];

    [Theory]
    [InlineData("zh-HK", Screenshots.DefaultTheme)]
    [InlineData("zh-HK", Screenshots.HighContrast)]
    [InlineData("en", Screenshots.DefaultTheme)]
    [InlineData("en", Screenshots.HighContrast)]
    public async Task Main_pages_are_photographed_at_every_width(string culture, string theme)
    {
        var page = await site.NewPageAsync(culture);
        await page.GotoAsync($"/preferences?culture={culture}&returnUrl=/");
        if (theme == Screenshots.HighContrast)
        {
            await page.GotoAsync("/preferences?highContrast=true&returnUrl=/");
        }

        var problems = new List<string>();
        foreach (var (name, path) in MainPages)
        {
            await page.SetViewportSizeAsync(1366, 900);
            var response = await page.GotoAsync(path);
            Assert.True(response is { Ok: true }, $"{path}: {response?.Status}");
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
            Assert.Equal(theme == Screenshots.HighContrast, await page.Locator("html.contrast-high").CountAsync() == 1);

            foreach (var width in Screenshots.All)
            {
                await page.SetViewportSizeAsync(width, 900);
                var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
                var (scroll, client) = (widths[0], widths[1]);
                if (scroll > client)
                {
                    problems.Add($"{path} at {width} px scrolls sideways ({scroll} px wide)");
                }

                await Screenshots.TakeAsync(page, name, culture, theme);
                Assert.True(File.Exists(Screenshots.PathOf(name, culture, theme, width)));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
