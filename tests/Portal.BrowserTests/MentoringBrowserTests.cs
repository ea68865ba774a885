using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Hosting.Recipes;

namespace Portal.BrowserTests;

/// <summary>
/// The mentor scheme in Chromium, in zh-HK and en, axe-clean on every page: staff approve an application and confirm
/// a scored suggestion, the new mentor sees the agreement, a mentor logs a meeting, the mentor dashboard shows
/// "not shared" academy progress, and staff read the report.
/// </summary>
public sealed class MentoringBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private static readonly SemaphoreSlim RecipeLock = new(1, 1);
    private static bool _loaded;

    [Theory]
    [InlineData("zh-HK", "伍嘉儀", "配對分數", "會面已記錄", "未分享")]
    [InlineData("en", "Kelvin Lau", "Match:", "The meeting is logged", "Not shared")]
    public async Task Staff_match_a_mentee_and_a_mentor_logs_a_meeting(string culture, string applicant, string score, string logged, string notShared)
    {
        await LoadProgrammeAsync();
        // The culture in the address wins over each account's own language (the demo mentor's is English).
        var suffix = "?culture=" + culture;

        var staff = await SignInAsync("staff", culture, suffix);
        await staff.GotoAsync("/admin/mentoring?status=Pending&culture=" + culture);
        await BrowserSite.AssertAccessibleAsync(staff);
        await staff.Locator("a", new() { HasTextString = applicant }).First.ClickAsync();
        await BrowserSite.AssertAccessibleAsync(staff);
        await staff.Locator("#approve-yes").CheckAsync();
        await staff.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(staff).ToHaveURLAsync(new Regex("/admin/mentoring$"));

        await staff.GotoAsync("/admin/mentoring?status=Approved&culture=" + culture);
        await staff.Locator("a[href^='/admin/mentoring/match/']", new() { HasTextString = applicant }).ClickAsync();
        await Assertions.Expect(staff.Locator("main")).ToContainTextAsync(score);
        await BrowserSite.AssertAccessibleAsync(staff);
        await staff.Locator("main form[method=post] button[type=submit]").First.ClickAsync();
        await Assertions.Expect(staff).ToHaveURLAsync(new Regex("/mentoring/pairs/\\d+$"));
        await BrowserSite.AssertAccessibleAsync(staff);

        await staff.GotoAsync("/admin/mentoring/report" + suffix);
        await Assertions.Expect(staff.Locator("svg[role=img] desc").First).ToBeAttachedAsync();
        await BrowserSite.AssertAccessibleAsync(staff);

        // The demo mentor: dashboard (the mentee has not shared academy progress), then a meeting logged.
        var mentor = await SignInAsync("mentor", culture, suffix);
        await mentor.GotoAsync("/mentoring/mentees" + suffix);
        await Assertions.Expect(mentor.Locator("main")).ToContainTextAsync(notShared);
        await BrowserSite.AssertAccessibleAsync(mentor);
        await mentor.Locator("main h2 a[href^='/mentoring/pairs/']").Last.ClickAsync();
        await BrowserSite.AssertAccessibleAsync(mentor);
        await mentor.Locator("details:has(#m-held) summary").ClickAsync();
        await mentor.Locator("#m-minutes").FillAsync("50");
        await mentor.Locator("#m-topics").FillAsync(culture == "en" ? "Planning the AGM" : "籌備周年大會");
        await mentor.Locator("#m-private").FillAsync("Only for me");
        await mentor.Locator("form[action$='/meetings'] button[type=submit]").ClickAsync();
        await Assertions.Expect(mentor.Locator("main")).ToContainTextAsync(logged);
        await BrowserSite.AssertAccessibleAsync(mentor);
    }

    private async Task<IPage> SignInAsync(string userName, string culture, string suffix)
    {
        var page = await site.NewPageAsync(culture);
        await page.GotoAsync("/account/sign-in" + suffix);
        await page.Locator("#Login").FillAsync(userName);
        await page.Locator("#Password").FillAsync(BrowserSite.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
        // Signing in brings back the account's own language; a page's ?culture= is not saved, so choose the test's
        // language with the site's language switch, as a person would.
        await page.GotoAsync($"/preferences?culture={culture}&returnUrl=/");
        return page;
    }

    private async Task LoadProgrammeAsync()
    {
        await RecipeLock.WaitAsync();
        try
        {
            if (!_loaded)
            {
                var executor = site.Services.GetRequiredService<RecipeExecutor>();
                await executor.ExecuteAsync(Path.Combine(AppContext.BaseDirectory, "content-recipes", "mentoring.recipe.json"));
                _loaded = true;
            }
        }
        finally
        {
            RecipeLock.Release();
        }
    }
}
