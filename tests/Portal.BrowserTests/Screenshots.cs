using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>
/// Screenshots kept as test output (not committed), for people to look at: every browser test writes them through
/// this one helper to <c>bin/.../screenshots/{page}-{culture}-{theme}-{width}.png</c>.
/// </summary>
internal static class Screenshots
{
    public const string DefaultTheme = "default";

    public const string HighContrast = "high-contrast";

    /// <summary>The widths most pages are looked at: a phone and a laptop.</summary>
    public static readonly int[] PhoneAndDesktop = [390, 1366];

    /// <summary>The widths of the main pages (issue 15): the narrowest phone, a common phone and a laptop.</summary>
    public static readonly int[] All = [320, 390, 1366];

    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static string PathOf(string name, string culture, string theme, int width) =>
        Path.Combine(Folder, $"{name}-{culture}-{theme}-{width}.png");

    /// <summary>
    /// Takes the page at each of <paramref name="widths"/> (the viewport's height is kept) and restores the viewport;
    /// without widths, at the current viewport. <paramref name="fullPage"/> false keeps to what the window shows.
    /// </summary>
    public static async Task TakeAsync(IPage page, string name, string culture, string theme = DefaultTheme, int[]? widths = null, bool fullPage = true)
    {
        Directory.CreateDirectory(Folder);
        var viewport = page.ViewportSize ?? new PageViewportSizeResult { Width = 1280, Height = 900 };
        if (widths is null || widths.Length == 0)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = PathOf(name, culture, theme, viewport.Width), FullPage = fullPage });
            return;
        }

        foreach (var width in widths)
        {
            await page.SetViewportSizeAsync(width, viewport.Height);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = PathOf(name, culture, theme, width), FullPage = fullPage });
        }

        await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
    }
}
