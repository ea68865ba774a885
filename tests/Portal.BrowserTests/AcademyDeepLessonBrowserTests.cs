using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Academy.Data;

namespace Portal.BrowserTests;

/// <summary>
/// Issue 15: the fundraising and recruiting courses are real lessons now. Their first lessons read on a phone and a
/// laptop with a case, a checklist and questions to reflect on, without sideways scrolling at 390 px (the table of
/// income sources included), axe-clean in zh-HK and en, with screenshots at 390 and 1366 px.
/// </summary>
public sealed class AcademyDeepLessonBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Theory]
    [InlineData("zh-HK", "member", "fundraising-basics", "個案", "清單", "反思問題")]
    [InlineData("en", "leader", "fundraising-basics", "Case", "Checklist", "Questions to reflect on")]
    [InlineData("zh-HK", "leader", "recruiting-members-volunteers", "個案", "清單", "反思問題")]
    [InlineData("en", "member", "recruiting-members-volunteers", "Case", "Checklist", "Questions to reflect on")]
    public async Task A_rewritten_lesson_reads_well_on_a_phone(string culture, string user, string slug, string caseHeading, string checklist, string reflect)
    {
        await AcademyBrowserTests.EnsureCoursesAsync(site);
        long lessonId;
        using (var scope = site.Services.CreateScope())
        {
            var course = await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Courses.Include(c => c.Lessons).SingleAsync(c => c.Slug == slug);
            lessonId = course.OrderedLessons.First().Id;
        }

        var page = await site.NewPageAsync(culture);
        await page.GotoAsync("/account/sign-in" + (culture == "en" ? "?culture=en" : ""));
        await page.Locator("#Login").FillAsync(user);
        await page.Locator("#Password").FillAsync(BrowserSite.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        // Signing in hashes a password: on a busy machine it can take longer than the default 15 s.
        await BrowserSite.WaitUntilSignedInAsync(page);
        await page.GotoAsync($"/preferences?culture={culture}&returnUrl=/academy/courses/{slug}");
        await page.Locator($"form[action='/academy/courses/{slug}/enrol'] button").ClickAsync();
        await page.GotoAsync($"/academy/courses/{slug}/lessons/{lessonId}");

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
        await Assertions.Expect(page.Locator("main h1")).ToHaveCountAsync(1);
        foreach (var heading in new[] { caseHeading, checklist, reflect })
        {
            await Assertions.Expect(page.Locator("main .prose h2", new() { HasTextString = heading })).ToHaveCountAsync(1);
        }

        Assert.True(await page.Locator("main .prose li").CountAsync() >= 10, "A lesson with steps and a checklist has list items.");
        await page.SetViewportSizeAsync(390, 844);
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"The lesson is {width} px wide at 390 px ({slug}, {culture}).");
        await BrowserSite.AssertAccessibleAsync(page);
        await Screenshots.TakeAsync(page, $"academy-lesson-{slug}", culture, widths: Screenshots.PhoneAndDesktop);
    }
}
