using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Academy.Data;

namespace Portal.BrowserTests;

/// <summary>
/// Issue 15: "the chart labels of 'your change' are about 6 px on a phone". On a 390 px phone, and on a laptop, the
/// skill names and the ratings in the before/after chart are drawn at a readable size (at least 14 CSS px, measured
/// as the text's computed size times the scale the SVG is drawn at) and fit inside the chart, in zh-HK and en.
/// </summary>
public sealed class AcademyChartBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private const string Slug = "running-effective-meetings";
    private const double MinimumPixels = 14; // the issue asked for at least 12; the chart is drawn at about 16-18

    [Theory]
    [InlineData("zh-HK", "member")]
    [InlineData("en", "leader")]
    public async Task Your_change_chart_labels_are_readable_on_a_phone(string culture, string user)
    {
        await AcademyBrowserTests.EnsureCoursesAsync(site);
        var page = await site.NewPageAsync(culture);
        await page.GotoAsync("/account/sign-in" + (culture == "en" ? "?culture=en" : ""));
        await page.Locator("#Login").FillAsync(user);
        await page.Locator("#Password").FillAsync(BrowserSite.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        // Signing in hashes a password: on a busy machine it can take longer than the default 15 s.
        await BrowserSite.WaitUntilSignedInAsync(page);
        await page.GotoAsync($"/preferences?culture={culture}&returnUrl=/academy/courses/{Slug}");
        await page.Locator($"form[action='/academy/courses/{Slug}/enrol'] button").ClickAsync();

        // Through the course the quickest honest way: rate, read, pass, rate again.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/assessment/pre$"));
        await RateAllAsync(page, 2);
        var (lessons, right) = await LoadCourseAsync();
        for (var i = 0; i < lessons; i++)
        {
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/lessons/\\d+$"));
            await page.Locator("form[action$='/complete'] button").ClickAsync();
        }

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/quizzes/\\d+$"));
        foreach (var id in right)
        {
            await page.Locator($"#o{id}").CheckAsync();
        }

        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.Locator($"main a[href='/academy/courses/{Slug}/continue']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/assessment/post$"));
        await RateAllAsync(page, 4);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/change$"));

        foreach (var width in new[] { 390, 1366 })
        {
            await page.SetViewportSizeAsync(width, 844);
            var chart = page.Locator("figure.academy-chart svg[role=img]");
            await Assertions.Expect(chart).ToBeVisibleAsync();
            var texts = await MeasureAsync(page);
            Assert.Equal(Enum.GetValues<Portal.Academy.Models.Competency>().Length * 3, texts.Count); // a name and two ratings per skill
            var small = texts.Where(t => t.Pixels < MinimumPixels).ToList();
            Assert.True(small.Count == 0, $"At {width} px ({culture}) chart text below {MinimumPixels} px: " + string.Join("; ", small.Select(t => $"\"{t.Text}\" {t.Pixels:0.0} px")));
            var outside = texts.Where(t => t.Overflow > 0.5).ToList();
            Assert.True(outside.Count == 0, $"At {width} px ({culture}) chart text runs out of the chart: " + string.Join("; ", outside.Select(t => $"\"{t.Text}\" by {t.Overflow:0.0} px")));
            var labels = texts.Where(t => t.Label).ToList();
            Assert.All(labels, t => Assert.True(t.Height >= MinimumPixels, $"\"{t.Text}\" is drawn {t.Height:0.0} px high at {width} px ({culture})."));
        }

        await BrowserSite.AssertAccessibleAsync(page);
        await Screenshots.TakeAsync(page, "academy-change", culture, widths: Screenshots.PhoneAndDesktop);
    }

    private sealed record DrawnText(string Text, bool Label, double Pixels, double Height, double Overflow);

    /// <summary>Each text of the chart: its drawn font size (computed size × the SVG's scale on screen), the height
    /// of its box on screen, and how far it runs past the right edge of the drawing.</summary>
    private static async Task<List<DrawnText>> MeasureAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>("""
            () => {
              const svg = document.querySelector('figure.academy-chart svg');
              const edge = svg.getBoundingClientRect().right;
              return [...svg.querySelectorAll('text')].map(t => {
                const box = t.getBoundingClientRect();
                return {
                  text: t.textContent,
                  label: t.classList.contains('chart-label'),
                  pixels: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
                  height: box.height,
                  overflow: box.right - edge,
                };
              });
            }
            """);
        return [.. json.EnumerateArray().Select(e => new DrawnText(
            e.GetProperty("text").GetString()!, e.GetProperty("label").GetBoolean(), e.GetProperty("pixels").GetDouble(),
            e.GetProperty("height").GetDouble(), e.GetProperty("overflow").GetDouble()))];
    }

    private static async Task RateAllAsync(IPage page, int value)
    {
        foreach (var competency in Enum.GetNames<Portal.Academy.Models.Competency>())
        {
            await page.Locator($"#{competency}-{value}").CheckAsync();
        }

        await page.Locator("main form button[type=submit]").ClickAsync();
    }

    private async Task<(int Lessons, IReadOnlyList<long> Right)> LoadCourseAsync()
    {
        using var scope = site.Services.CreateScope();
        var course = await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Courses
            .Include(c => c.Lessons).Include(c => c.Quizzes).ThenInclude(q => q.Questions).ThenInclude(q => q.Options)
            .AsSplitQuery().SingleAsync(c => c.Slug == Slug);
        var quiz = course.Quizzes.Single();
        return (course.Lessons.Count(l => l.Required), [.. quiz.Questions.SelectMany(q => q.Options.Where(o => o.IsCorrect).Select(o => o.Id))]);
    }
}
