using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Academy.Data;

namespace Portal.BrowserTests;

/// <summary>
/// The staff and member pages added later, gone through with the keyboard and mouse in zh-HK and en, axe-clean on
/// every page: a page's history (view an older version, restore it), lesson order and course retirement in the
/// academy, the search admin (synonyms, indexing log) and a member's data download and account deletion. One site
/// for all of them (one fixture) keeps the run short; every test makes the data it looks at.
/// </summary>
public sealed class StaffAndMemberPagesBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private const string CourseSlug = "running-effective-meetings";

    [Theory]
    [InlineData("zh-HK", "已將第 1 版還原為第 4 版。")]
    [InlineData("en", "Version 1 was restored as version 4.")]
    public async Task Staff_restore_an_earlier_version_of_a_page(string culture, string restored)
    {
        var slug = $"history-{culture.ToLowerInvariant()}-{Guid.NewGuid():N}"[..30];
        var staff = await site.NewPageAsync(culture);
        await SignInAsync(staff, "staff", culture);

        // Version 1, published; then two edits (versions 2 and 3).
        await staff.GotoAsync("/admin/pages/new");
        await staff.Locator("#Form_Slug").FillAsync(slug);
        await staff.Locator("#Form_TitleZh").FillAsync("探訪安排");
        await staff.Locator("#Form_BodyZh").FillAsync("逢星期三下午探訪。");
        await staff.Locator("#Form_TitleEn").FillAsync("Visiting");
        await staff.Locator("#Form_BodyEn").FillAsync("Visits are on Wednesday afternoons.");
        await staff.Locator("button[name=command][value=publish]").ClickAsync();
        await Assertions.Expect(staff).ToHaveURLAsync(new Regex("/admin/pages/\\d+$"));
        var id = Regex.Match(staff.Url, "/admin/pages/(\\d+)$").Groups[1].Value;

        await staff.Locator("#Form_BodyZh").FillAsync("逢星期四下午探訪。");
        await staff.Locator("#Form_BodyEn").FillAsync("Visits are on Thursday afternoons.");
        await staff.Locator("button[name=command][value=publish]").ClickAsync();
        await Assertions.Expect(staff.Locator("#Form_BodyEn")).ToHaveValueAsync("Visits are on Thursday afternoons.");
        await staff.Locator("#Form_BodyEn").FillAsync("Visits are on Friday afternoons.");
        await staff.Locator("button[name=command][value=publish]").ClickAsync();
        await Assertions.Expect(staff.Locator("#Form_BodyEn")).ToHaveValueAsync("Visits are on Friday afternoons.");

        // The history, from the editor's own link.
        await staff.Locator($"main a[href='/admin/pages/{id}/revisions']").ClickAsync();
        await Assertions.Expect(staff).ToHaveURLAsync(new Regex($"/admin/pages/{id}/revisions$"));
        await Assertions.Expect(staff.Locator("main table tbody tr")).ToHaveCountAsync(3);
        await BrowserSite.AssertAccessibleAsync(staff);

        // The oldest version: what changed since, in words, then restore it (staying published).
        await staff.Locator($"main a[href='/admin/pages/{id}/revisions/1']").ClickAsync();
        await Assertions.Expect(staff.Locator(".diff-removed").First).ToBeVisibleAsync();
        await Assertions.Expect(staff.Locator(".diff del", new() { HasTextString = "Wednesday" })).ToBeVisibleAsync();
        await Assertions.Expect(staff.Locator(".diff ins", new() { HasTextString = "Friday" })).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(staff);
        await Assertions.Expect(staff.Locator("#after-keep")).ToBeCheckedAsync();
        await staff.Locator(".restore-box button[type=submit]").ClickAsync();

        await Assertions.Expect(staff).ToHaveURLAsync(new Regex($"/admin/pages/{id}$"));
        await Assertions.Expect(staff.GetByText(restored)).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(staff);

        // The public page has the old text again, in both languages.
        var visitor = await site.NewPageAsync(culture);
        await visitor.GotoAsync($"/pages/{slug}?culture=en");
        await Assertions.Expect(visitor.Locator("main")).ToContainTextAsync("Visits are on Wednesday afternoons.");
        await visitor.GotoAsync($"/pages/{slug}?culture=zh-HK");
        await Assertions.Expect(visitor.Locator("main")).ToContainTextAsync("逢星期三下午探訪。");
    }

    [Theory]
    [InlineData("zh-HK", "已下移", "不能刪除")]
    [InlineData("en", "Moved down", "cannot be deleted")]
    public async Task Staff_reorder_lessons_and_see_why_a_course_with_learners_is_archived_instead(string culture, string moved, string cannotDelete)
    {
        // A learner enrols (through the course page), so the course has someone to protect.
        var learner = await site.NewPageAsync(culture);
        await SignInAsync(learner, "mentor", culture);
        await learner.GotoAsync($"/academy/courses/{CourseSlug}");
        var enrol = learner.Locator($"form[action='/academy/courses/{CourseSlug}/enrol'] button");
        if (await enrol.CountAsync() > 0)
        {
            await enrol.ClickAsync();
            await Assertions.Expect(learner).Not.ToHaveURLAsync(new Regex($"/academy/courses/{CourseSlug}$"));
        }

        var courseId = await CourseIdAsync();
        var staff = await site.NewPageAsync(culture);
        await SignInAsync(staff, "staff", culture);
        await staff.GotoAsync("/admin/academy");
        await staff.Locator($"main a[href='/admin/academy/courses/{courseId}']").First.ClickAsync();
        await Assertions.Expect(staff).ToHaveURLAsync(new Regex($"/admin/academy/courses/{courseId}$"));
        await BrowserSite.AssertAccessibleAsync(staff);

        // Move the first lesson down with the keyboard: it swaps with the second.
        var titles = staff.Locator(".academy-lessons .academy-lesson-title a");
        var first = await titles.Nth(0).TextContentAsync();
        var second = await titles.Nth(1).TextContentAsync();
        var moveDown = staff.Locator(".academy-lessons > li").First.Locator("form:has(input[name=direction][value=down]) button");
        await moveDown.FocusAsync();
        await staff.Keyboard.PressAsync("Enter");
        await Assertions.Expect(staff.GetByText(new Regex(moved))).ToBeVisibleAsync();
        await Assertions.Expect(titles.Nth(0)).ToHaveTextAsync(second!);
        await Assertions.Expect(titles.Nth(1)).ToHaveTextAsync(first!);
        await BrowserSite.AssertAccessibleAsync(staff);

        // Put it back, so the other language starts from the recipe's order too.
        await staff.Locator(".academy-lessons > li").Nth(1).Locator("form:has(input[name=direction][value=up]) button").ClickAsync();
        await Assertions.Expect(titles.Nth(0)).ToHaveTextAsync(first!);

        // Delete: the course has learners, so the page explains archiving instead.
        await staff.GotoAsync($"/admin/academy/courses/{courseId}/delete");
        await Assertions.Expect(staff.Locator("main")).ToContainTextAsync(cannotDelete);
        await Assertions.Expect(staff.Locator($"form[action='/admin/academy/courses/{courseId}/unpublish'] button")).ToBeVisibleAsync();
        Assert.Equal(0, await staff.Locator($"form[action='/admin/academy/courses/{courseId}/delete']").CountAsync());
        await BrowserSite.AssertAccessibleAsync(staff);
    }

    [Theory]
    [InlineData("zh-HK")]
    [InlineData("en")]
    public async Task Staff_see_the_synonyms_add_a_group_and_read_the_indexing_log(string culture)
    {
        var staff = await site.NewPageAsync(culture);
        await SignInAsync(staff, "staff", culture);
        await staff.GotoAsync("/admin/search");
        await Assertions.Expect(staff.Locator("#synonyms-heading")).ToBeVisibleAsync();

        // The starter list from the default recipe.
        await Assertions.Expect(staff.Locator("input[id^='synonym-'][value*='認知障礙症']")).ToHaveCountAsync(1);
        await Assertions.Expect(staff.Locator(".search-log-status dt")).ToHaveCountAsync(4);
        await BrowserSite.AssertAccessibleAsync(staff);

        // A new group, typed and sent with Enter.
        var word = culture == "en" ? "respite" : "暫託";
        var group = $"{word}-{Guid.NewGuid():N}"[..12] + ", short break";
        await staff.Locator("#new-synonym").FillAsync(group);
        await staff.Locator("#new-synonym").PressAsync("Enter");
        await Assertions.Expect(staff.Locator(".search-admin .message[role=status]")).ToBeVisibleAsync();
        await Assertions.Expect(staff.Locator($"input[id^='synonym-'][value='{group}']")).ToHaveCountAsync(1);
        await Assertions.Expect(staff.Locator(".search-log-status")).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(staff);

        // A mistake (an empty group) is explained, still accessible.
        await staff.Locator("#new-synonym").FillAsync("   ");
        await staff.Locator("#synonyms-heading ~ form button[type=submit]").ClickAsync();
        await Assertions.Expect(staff.Locator("#synonym-error")).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(staff);
    }

    [Theory]
    [InlineData("zh-HK", "暫時擱置的項目")]
    [InlineData("en", "Items set aside")]
    public async Task Staff_see_items_search_set_aside_with_their_error(string culture, string heading)
    {
        var itemId = "poison-" + culture;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Portal.Search.Data.SearchDbContext>();
            db.SetAside.Add(new Portal.Search.Models.SetAsideEntry(
                "kb-article", itemId, 42, "ArgumentException: Markdown elements in the input are too deeply nested - depth limit exceeded.", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        var staff = await site.NewPageAsync(culture);
        await SignInAsync(staff, "staff", culture);
        await staff.GotoAsync("/admin/search");
        await Assertions.Expect(staff.Locator("#set-aside-heading")).ToHaveTextAsync(heading);
        var row = staff.Locator(".search-set-aside tbody tr", new PageLocatorOptions { HasText = itemId });
        await Assertions.Expect(row).ToContainTextAsync("too deeply nested");
        await BrowserSite.AssertAccessibleAsync(staff);

        // PORTAL_SCREENSHOTS=<folder> keeps what the page looks like at phone and desktop widths.
        if (Environment.GetEnvironmentVariable("PORTAL_SCREENSHOTS") is { Length: > 0 } folder)
        {
            foreach (var width in new[] { 390, 1366 })
            {
                await staff.SetViewportSizeAsync(width, 900);
                await row.ScrollIntoViewIfNeededAsync();
                await staff.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"admin-search-set-aside-{culture}-{width}.png") });
            }
        }
    }

    [Theory]
    [InlineData("zh-HK", "下載我的資料", "刪除我的帳戶")]
    [InlineData("en", "Download my data", "Delete my account")]
    public async Task A_member_downloads_their_data_and_deletes_their_account(string culture, string exportHeading, string deleteHeading)
    {
        // A fresh account (this test deletes it).
        var page = await site.NewPageAsync(culture);
        var email = $"leaving-{Guid.NewGuid():N}@example.hk";
        const string password = "river lantern kettle morning";
        await page.GotoAsync("/account/register" + (culture == "en" ? "?culture=en" : string.Empty));
        await page.Locator("#DisplayName").FillAsync(culture == "en" ? "Lee Wing" : "李詠");
        await page.Locator("#Email").FillAsync(email);
        await page.Locator("#Password").FillAsync(password);
        await page.Locator("#ConfirmPassword").FillAsync(password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("main a[href='/account/sign-in']")).ToBeVisibleAsync();
        await page.GotoAsync("/account/sign-in");
        await page.Locator("#Login").FillAsync(email);
        await page.Locator("#Password").FillAsync(password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("form[action='/account/sign-out']").First).ToBeVisibleAsync();

        await page.GotoAsync("/account");
        await page.Locator("main a[href='/account/export']").First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(exportHeading);
        await BrowserSite.AssertAccessibleAsync(page);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[href='/account/export?format=json']").ClickAsync());
        Assert.EndsWith(".json", download.SuggestedFilename, StringComparison.Ordinal);
        var file = Path.Combine(site.DataDir, $"export-{culture}-{Guid.NewGuid():N}.json");
        await download.SaveAsAsync(file);
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(file)))
        {
            Assert.Contains(email, json.RootElement.GetRawText(), StringComparison.OrdinalIgnoreCase);
        }

        await page.GotoAsync("/account");
        await page.Locator("main a[href='/account/delete']").First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(deleteHeading);
        await BrowserSite.AssertAccessibleAsync(page);

        // A wrong password first: explained, nothing deleted.
        await page.Locator("#CurrentPassword").FillAsync("not my password");
        await page.Locator("main form button.danger").ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(page);

        await page.Locator("#CurrentPassword").FillAsync(password);
        await page.Locator("main form button.danger").ClickAsync();
        await Assertions.Expect(page.Locator("form[action='/account/sign-out']")).ToHaveCountAsync(0);
        await BrowserSite.AssertAccessibleAsync(page);

        // The account is gone: signing in with it fails.
        await page.GotoAsync("/account/sign-in" + (culture == "en" ? "?culture=en" : string.Empty));
        await page.Locator("#Login").FillAsync(email);
        await page.Locator("#Password").FillAsync(password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
    }

    /// <summary>
    /// Signs in, then chooses the test's language with the site's language switch (<c>/preferences?culture=</c>): signing in brings back
    /// the language the demo account last chose, which may be the other one.
    /// </summary>
    private static async Task SignInAsync(IPage page, string userName, string culture)
    {
        await ContentBrowserTests.SignInAsync(page, userName, culture);
        await page.GotoAsync($"/preferences?culture={culture}&returnUrl=/");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
    }

    private async Task<long> CourseIdAsync()
    {
        using var scope = site.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Courses
            .Where(c => c.Slug == CourseSlug).Select(c => c.Id).SingleAsync();
    }
}
