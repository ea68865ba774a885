using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>
/// The high-contrast display setting is a true high-contrast theme: every text on the main pages reaches 7:1 (axe's
/// WCAG AAA rule color-contrast-enhanced), focus is drawn thick, and links are told apart by more than colour.
/// Screenshots go to the test output (screenshots/).
/// </summary>
public sealed class HighContrastTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private static readonly string[] MainPages =
        ["/", "/kb", "/academy", "/news", "/search?q=" + Uri.EscapeDataString("照顧者"), "/search?q=volunteer", "/account/sign-in", "/account/register", "/impact"];

    /// <summary>Pages staff see, checked signed in as staff: the impact dashboard's charts, tables and targets.</summary>
    private static readonly string[] StaffPages = ["/admin/impact", "/admin/impact?period=last-year", "/admin/impact/targets"];

    [Theory]
    [InlineData("zh-HK", 1366)]
    [InlineData("en", 390)]
    public async Task Every_text_reaches_seven_to_one_and_focus_is_clear(string culture, int width)
    {
        var page = await site.NewPageAsync(culture);
        await page.SetViewportSizeAsync(width, 900);
        await page.GotoAsync($"/preferences?culture={culture}&returnUrl=/");
        await page.GotoAsync("/preferences?highContrast=true&returnUrl=/");
        var problems = new List<string>();
        foreach (var path in MainPages.Append(await FirstArticleAsync(page)))
        {
            await page.GotoAsync(path);
            var result = await page.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "rule", Values = ["color-contrast-enhanced", "link-in-text-block"] },
            });
            problems.AddRange(result.Violations.SelectMany(v => v.Nodes.Select(n => $"{path}: {v.Id} at {string.Join(" ", n.Target)}: {n.Html}")));
            await BrowserSite.AssertAccessibleAsync(page);
        }

        await page.GotoAsync("/");
        await Screenshots.TakeAsync(page, "contrast-home", culture, Screenshots.HighContrast);
        Assert.True(problems.Count == 0, "Below 7:1 with high contrast on:\n" + string.Join("\n", problems.Distinct().Take(40)));

        // Placeholder text (which axe does not check) also reaches 7:1; links in the text are underlined.
        var placeholder = await page.EvaluateAsync<double>(ContrastOfPlaceholder);
        Assert.True(placeholder >= 7, $"Placeholder text is at {placeholder:0.0}:1 (0: left to the browser's grey).");
        var plainLinks = await page.EvaluateAsync<int>(
            "() => [...document.querySelectorAll('main a:not(.button)')].filter(a => !getComputedStyle(a).textDecorationLine.includes('underline')).length");
        Assert.Equal(0, plainLinks);

        // Focus: a thick outline (at least 3 px) on links and buttons.
        await page.Keyboard.PressAsync("Tab");
        var outline = await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineWidth");
        Assert.True(float.Parse(outline.Replace("px", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) >= 3, $"Focus outline {outline}");

        // Staff pages, signed in as staff (the setting is chosen again: signing in brings back the account's own).
        await ContentBrowserTests.SignInAsync(page, "staff", culture);
        await page.GotoAsync("/preferences?highContrast=true&returnUrl=/");
        foreach (var path in StaffPages)
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
            var result = await page.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "rule", Values = ["color-contrast-enhanced", "link-in-text-block"] },
            });
            problems.AddRange(result.Violations.SelectMany(v => v.Nodes.Select(n => $"{path}: {v.Id} at {string.Join(" ", n.Target)}: {n.Html}")));
            await BrowserSite.AssertAccessibleAsync(page);
        }

        await page.GotoAsync(StaffPages[0]);
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("contrast-high")); // still on after signing in
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", $"contrast-impact-{culture}-{width}.png"), FullPage = true });
        Assert.True(problems.Count == 0, "Staff pages below 7:1 with high contrast on:\n" + string.Join("\n", problems.Distinct().Take(40)));
    }

    /// <summary>
    /// WCAG contrast against white of the placeholder colour the page's style sheets set (the last ::placeholder rule;
    /// 0 when none does, since the browser's own grey is about 2.3:1). getComputedStyle cannot read ::placeholder.
    /// </summary>
    private const string ContrastOfPlaceholder = """
        () => {
          let color = null, opacity = 1;
          for (const sheet of document.styleSheets) {
            let rules;
            try { rules = sheet.cssRules; } catch { continue; }
            for (const rule of rules) {
              if (rule.selectorText && rule.selectorText.includes('::placeholder') && rule.style.color) {
                color = rule.style.color; opacity = Number(rule.style.opacity || 1);
              }
            }
          }
          if (!color) return 0;
          const probe = document.createElement('span');
          probe.style.color = color;
          document.body.appendChild(probe);
          const [r, g, b, a = 1] = getComputedStyle(probe).color.match(/[\d.]+/g).map(Number);
          probe.remove();
          const alpha = a * opacity;
          const lin = c => { c = (c * alpha + 255 * (1 - alpha)) / 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
          const l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
          return 1.05 / (l + 0.05);
        }
        """;

    private static async Task<string> FirstArticleAsync(IPage page)
    {
        await page.GotoAsync("/kb");
        return await page.Locator("a[href^='/kb/articles/']").First.GetAttributeAsync("href") ?? "/kb";
    }
}
