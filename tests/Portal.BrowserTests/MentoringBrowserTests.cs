using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Hosting.Recipes;

namespace Portal.BrowserTests;

/// <summary>
/// The mentor scheme in Chromium, in zh-HK and en, axe-clean on every page: staff approve an application and confirm
/// a scored suggestion, the mentee and the mentor each accept the mentoring agreement, the mentee enrols in a course
/// and agrees to share their progress (consent), the mentor's dashboard then shows that mentee's progress while
/// the others stay "not shared", the mentor logs a meeting, and staff read the report.
/// </summary>
public sealed class MentoringBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private static readonly SemaphoreSlim RecipeLock = new(1, 1);
    private static bool _loaded;

    [Theory]
    [InlineData("zh-HK", "伍嘉儀", "mentee7", "配對分數", "會面已記錄", "未分享", "謝謝你接受協議。", "你的師友現在可以看到你的課程進度。", "有效會議: 已完成 0%")]
    [InlineData("en", "Kelvin Lau", "mentee6", "Match:", "The meeting is logged", "Not shared", "Thank you for accepting the agreement.", "Your mentor can now see your course progress.", "Running effective meetings: 0% done")]
    public async Task Staff_match_a_mentee_both_agree_the_mentee_shares_progress_and_the_mentor_logs_a_meeting(
        string culture, string applicant, string applicantUser, string score, string logged, string notShared, string agreed, string sharing, string progress)
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
        // The demo mentor (Mentor Ho) has room and shares a language with both applicants.
        await staff.Locator("main li", new() { Has = staff.Locator("h3", new() { HasTextString = "Mentor Ho" }) }).Locator("form[method=post] button[type=submit]").ClickAsync();
        await Assertions.Expect(staff).ToHaveURLAsync(new Regex("/mentoring/pairs/\\d+$"));
        await BrowserSite.AssertAccessibleAsync(staff);
        var pairPath = new Uri(staff.Url).AbsolutePath;

        // The agreement: the mentee finds the new pair on "My mentoring" and accepts, then the mentor does.
        var mentee = await SignInAsync(applicantUser, culture, suffix);
        await mentee.GotoAsync("/mentoring" + suffix);
        await BrowserSite.AssertAccessibleAsync(mentee);
        await mentee.Locator($"main a[href='{pairPath}']").First.ClickAsync();
        await Assertions.Expect(mentee.Locator("#agreement")).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(mentee);
        await mentee.Locator("#agree").CheckAsync();
        await mentee.Locator("form[action$='/agreement'] button[type=submit]").ClickAsync();
        await Assertions.Expect(mentee.Locator("main")).ToContainTextAsync(agreed);
        await BrowserSite.AssertAccessibleAsync(mentee);

        var mentor = await SignInAsync("mentor", culture, suffix);
        await mentor.GotoAsync(pairPath + suffix);
        await BrowserSite.AssertAccessibleAsync(mentor);
        await mentor.Locator("#agree").CheckAsync();
        await mentor.Locator("form[action$='/agreement'] button[type=submit]").ClickAsync();
        await Assertions.Expect(mentor.Locator("main")).ToContainTextAsync(agreed);
        await Assertions.Expect(mentor.Locator("#agreement")).ToHaveCountAsync(0); // both agreed: the pair is active
        await BrowserSite.AssertAccessibleAsync(mentor);

        // Consent: the mentee enrols in a course and chooses to share their progress with the mentor.
        await mentee.GotoAsync("/academy/courses/running-effective-meetings" + suffix);
        await mentee.Locator("form[action='/academy/courses/running-effective-meetings/enrol'] button").ClickAsync();
        await mentee.WaitForURLAsync(url => !url.EndsWith("/running-effective-meetings" + suffix, StringComparison.Ordinal));
        await mentee.GotoAsync("/academy/my" + suffix);
        await BrowserSite.AssertAccessibleAsync(mentee);
        await mentee.Locator("form[action='/academy/my/sharing'] button[type=submit]").ClickAsync();
        await Assertions.Expect(mentee.Locator("main")).ToContainTextAsync(sharing);
        await BrowserSite.AssertAccessibleAsync(mentee);

        await staff.GotoAsync("/admin/mentoring/report" + suffix);
        await Assertions.Expect(staff.Locator("svg[role=img] desc").First).ToBeAttachedAsync();
        await BrowserSite.AssertAccessibleAsync(staff);

        // The mentor's dashboard: the new mentee's progress is shown, the other mentees have not shared theirs.
        await mentor.GotoAsync("/mentoring/mentees" + suffix);
        await Assertions.Expect(mentor.Locator("main")).ToContainTextAsync(notShared);
        await Assertions.Expect(mentor.Locator("main section.mentoring-card", new() { HasTextString = applicant })).ToContainTextAsync(progress);
        await BrowserSite.AssertAccessibleAsync(mentor);
        await mentor.Locator($"main a[href='{pairPath}']").First.ClickAsync();
        await BrowserSite.AssertAccessibleAsync(mentor);
        await mentor.Locator("details:has(#m-held) summary").ClickAsync();
        await mentor.Locator("#m-minutes").FillAsync("50");
        await mentor.Locator("#m-topics").FillAsync(culture == "en" ? "Planning the AGM" : "籌備周年大會");
        await mentor.Locator("#m-private").FillAsync("Only for me");
        await mentor.Locator("form[action$='/meetings'] button[type=submit]").ClickAsync();
        await Assertions.Expect(mentor.Locator("main")).ToContainTextAsync(logged);
        await BrowserSite.AssertAccessibleAsync(mentor);

        // The mentee confirms the meeting and rates it through the pair page.
        await mentee.GotoAsync(pairPath + suffix);
        var confirm = mentee.Locator("form[action$='/confirm']");
        await Assertions.Expect(confirm).ToHaveCountAsync(1);
        await BrowserSite.AssertAccessibleAsync(mentee);
        await confirm.Locator("input[name=rating][value='4']").CheckAsync();
        await confirm.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(mentee.Locator("main")).ToContainTextAsync(culture == "en" ? "Thank you. The meeting is confirmed." : "謝謝！會面已確認。");
        await Assertions.Expect(mentee.Locator("form[action$='/confirm']")).ToHaveCountAsync(0);
        await BrowserSite.AssertAccessibleAsync(mentee);

        // Nothing the flow did left a person's e-mail address, a token or a password in the site's log (issue 18).
        site.AssertNoPersonalDataLogged();
    }

    /// <summary>A person who has just signed up applies as a mentee and as a mentor through the forms: a first try
    /// without an area is refused in their language and keeps what they typed; then both applications reach staff.</summary>
    [Theory]
    [InlineData("zh-HK", "請最少選擇一個你希望得到幫助的範疇。", "請最少選擇一個專長範疇。", "謝謝！你的申請已交給計劃職員。")]
    [InlineData("en", "Choose at least one area you would like help with.", "Choose at least one area of expertise.", "Thank you. Your application has been sent to the scheme's staff.")]
    public async Task A_new_member_applies_as_mentee_and_as_mentor_through_the_forms(string culture, string noMenteeArea, string noMentorArea, string thanks)
    {
        var suffix = "?culture=" + culture;
        var email = $"applicant-{Guid.NewGuid():N}@example.hk";
        const string password = "lantern harbour tea garden";
        var page = await site.NewPageAsync(culture);
        await page.GotoAsync("/account/register" + suffix);
        await page.Locator("#DisplayName").FillAsync(culture == "en" ? "Winnie Ko" : "高慧兒");
        await page.Locator("#Email").FillAsync(email);
        await page.Locator("#Password").FillAsync(password);
        await page.Locator("#ConfirmPassword").FillAsync(password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.GotoAsync("/account/sign-in" + suffix);
        await page.Locator("#Login").FillAsync(email);
        await page.Locator("#Password").FillAsync(password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await BrowserSite.WaitUntilSignedInAsync(page);
        await page.GotoAsync($"/preferences?culture={culture}&returnUrl=/");

        var organisation = culture == "en" ? "Lung Health Friends " + Guid.NewGuid().ToString("N")[..6] : "肺健之友 " + Guid.NewGuid().ToString("N")[..6];
        foreach (var (role, missingArea) in new[] { ("mentee", noMenteeArea), ("mentor", noMentorArea) })
        {
            await page.GotoAsync($"/mentoring/apply/{role}" + suffix);
            await BrowserSite.AssertAccessibleAsync(page);
            await page.Locator("#Organisation").FillAsync(organisation);
            await page.Locator("#About").FillAsync(role == "mentee" ? (culture == "en" ? "Find a successor for our chair" : "為主席找接班人") : (culture == "en" ? "Ten years chairing a carers' group" : "帶領照顧者小組十年"));
            await page.Locator("#district-kowloon").CheckAsync();
            await page.Locator("main form[action='/mentoring/apply'] button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync(missingArea);
            await Assertions.Expect(page.Locator("#Organisation")).ToHaveValueAsync(organisation);
            await Assertions.Expect(page.Locator("#district-kowloon")).ToBeCheckedAsync();
            await BrowserSite.AssertAccessibleAsync(page);

            await page.Locator("#area-succession").CheckAsync();
            await page.Locator("main form[action='/mentoring/apply'] button[type=submit]").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/mentoring$"));
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync(thanks);
            await BrowserSite.AssertAccessibleAsync(page);
        }

        using var scope = site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Portal.Mentoring.Data.MentoringDbContext>();
        var roles = await db.Applications.Where(a => a.Organisation == organisation && a.Status == Portal.Mentoring.Models.ApplicationStatus.Pending).Select(a => a.Role).ToListAsync();
        Assert.Equal([Portal.Mentoring.Models.ApplicationRole.Mentor, Portal.Mentoring.Models.ApplicationRole.Mentee], roles.Order());
        site.AssertNoPersonalDataLogged();
    }

    private async Task<IPage> SignInAsync(string userName, string culture, string suffix)
    {
        var page = await site.NewPageAsync(culture);
        await page.GotoAsync("/account/sign-in" + suffix);
        await page.Locator("#Login").FillAsync(userName);
        await page.Locator("#Password").FillAsync(BrowserSite.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await BrowserSite.WaitUntilSignedInAsync(page);
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
