using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Academy.Data;

namespace Portal.BrowserTests;

/// <summary>
/// What a learner reads and what staff frame: a demo lesson with real depth (headings, a case, questions to reflect
/// on, resource links in the reader's language) and the staff certificate preview, axe-clean in zh-HK and en, with
/// screenshots at 390 and 1366 px when PORTAL_SCREENSHOTS names a folder.
/// </summary>
public sealed class AcademyLookBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private const string Slug = "leadership-succession";

    [Theory]
    [InlineData("zh-HK", "member", "個案", "反思問題", "領袖自我評估")]
    [InlineData("en", "leader", "Case", "Questions to reflect on", "Leader self-assessment")]
    public async Task A_demo_lesson_reads_with_headings_a_case_questions_and_links_in_the_readers_language(string culture, string user, string caseHeading, string reflect, string link)
    {
        await AcademyBrowserTests.EnsureCoursesAsync(site);
        long lessonId;
        using (var scope = site.Services.CreateScope())
        {
            var course = await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Courses.Include(c => c.Lessons).SingleAsync(c => c.Slug == Slug);
            lessonId = course.OrderedLessons.First().Id;
        }

        var page = await SignInAsync(user, culture);
        await page.GotoAsync($"/academy/courses/{Slug}");
        await page.Locator($"form[action='/academy/courses/{Slug}/enrol'] button").ClickAsync();
        await page.GotoAsync($"/academy/courses/{Slug}/lessons/{lessonId}");

        await Assertions.Expect(page.Locator("main h1")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("main h2", new() { HasTextString = caseHeading })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("main h2", new() { HasTextString = reflect })).ToHaveCountAsync(1);
        Assert.True(await page.Locator("main a[href^='/kb/articles/']", new() { HasTextString = link }).CountAsync() >= 1);
        await BrowserSite.AssertAccessibleAsync(page);
        await Screenshots.TakeAsync(page, "academy-lesson", culture, widths: Screenshots.PhoneAndDesktop);

        // The link in the lesson opens the article in the reader's language.
        await page.Locator("main a[href^='/kb/articles/leader-self-assessment']").First.ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
        await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync(link);
    }

    [Theory]
    [InlineData("zh-HK", "預覽證書", "下載預覽（PDF）")]
    [InlineData("en", "Preview a certificate", "Download the preview (PDF)")]
    public async Task Staff_preview_the_certificate_before_it_is_issued(string culture, string heading, string download)
    {
        await AcademyBrowserTests.EnsureCoursesAsync(site);
        var page = await SignInAsync("staff", culture);
        await page.GotoAsync("/admin/academy");
        await page.Locator("a[href='/admin/academy/certificate-preview']").First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(heading);
        await page.Locator("#NameZh").FillAsync("梁𡃁仔");
        await page.Locator("#NameEn").FillAsync("Leung Leng Chai");
        await page.Locator("main form button[type=submit]").ClickAsync();

        var image = page.Locator("figure.academy-certificate-preview img");
        await Assertions.Expect(image).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('figure.academy-certificate-preview img'); return i && i.complete && i.naturalWidth > 1000; }");
        await Assertions.Expect(page.Locator("figcaption a")).ToHaveTextAsync(download);
        await Assertions.Expect(page.Locator(".error-summary")).ToHaveCountAsync(0);
        await BrowserSite.AssertAccessibleAsync(page);
        await Screenshots.TakeAsync(page, "academy-certificate-preview", culture, widths: Screenshots.PhoneAndDesktop);
    }

    private async Task<IPage> SignInAsync(string user, string culture)
    {
        var page = await site.NewPageAsync(culture);
        await page.GotoAsync("/account/sign-in" + (culture == "en" ? "?culture=en" : ""));
        await page.Locator("#Login").FillAsync(user);
        await page.Locator("#Password").FillAsync(BrowserSite.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await BrowserSite.WaitUntilSignedInAsync(page);
        await page.GotoAsync($"/preferences?culture={culture}&returnUrl=/");
        return page;
    }
}
