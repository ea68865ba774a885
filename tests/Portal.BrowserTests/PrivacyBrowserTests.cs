using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>
/// The audit trail (issue 18) in Chromium, zh-HK and en, axe-clean: an administrator opens a member's account, finds
/// the entry at <c>/admin/audit</c> (reached from the admin menu), filters it by person and area, and sees a bad date
/// come back with a message; the member sees who opened their data on their account page.
/// </summary>
public sealed class PrivacyBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Theory]
    [InlineData("zh-HK", "查閱紀錄", "帳戶資料：查看", "請以「年-月-日」格式輸入日期", "誰曾查閱你的資料", "查看了「帳戶資料」")]
    [InlineData("en", "Audit trail", "Account details: Viewed", "Enter the date as year-month-day", "Who opened your data", "viewed “Account details”")]
    public async Task An_administrator_reads_and_filters_the_trail_and_the_member_sees_it(string culture, string title, string what, string badDate, string section, string sentence)
    {
        var admin = await site.NewPageAsync(culture);
        await ContentBrowserTests.SignInAsync(admin, "admin", culture);
        await admin.GotoAsync("/admin/users?q=member");
        await admin.Locator("main table a", new() { HasTextString = "張會員" }).First.ClickAsync();
        await Assertions.Expect(admin).ToHaveURLAsync(new Regex("/admin/users/[^/]+$"));

        await admin.GotoAsync("/admin");
        await admin.Locator("a[href='/admin/audit']").First.ClickAsync();
        await Assertions.Expect(admin.Locator("main h1")).ToHaveTextAsync(title);
        await admin.Locator("#Person").FillAsync("member");
        await admin.Locator("#Area").SelectOptionAsync("account.profile");
        await admin.Locator("main form[role=search] button[type=submit]").ClickAsync();
        await Assertions.Expect(admin).ToHaveURLAsync(new Regex("person=member"));
        var row = admin.Locator("main table tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("張會員");
        await Assertions.Expect(row).ToContainTextAsync("陳管理員");
        await Assertions.Expect(row).ToContainTextAsync(what);
        await Assertions.Expect(admin.Locator("main a[href^='/admin/audit.csv']")).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(admin);
        await Screenshots.TakeAsync(admin, "admin-audit", culture, widths: Screenshots.PhoneAndDesktop);

        // A date typed wrongly (the field is a date picker; an old browser sends text) comes back with a message.
        await admin.GotoAsync("/admin/audit?person=member&from=2026-13-45");
        await Assertions.Expect(admin.Locator(".error-summary")).ToContainTextAsync(badDate);
        await Assertions.Expect(admin.Locator("#Person")).ToHaveValueAsync("member");
        await BrowserSite.AssertAccessibleAsync(admin);

        var member = await site.NewPageAsync(culture);
        await ContentBrowserTests.SignInAsync(member, "member", culture);
        await member.GotoAsync("/account");
        var log = member.Locator("section[aria-labelledby=access-heading]");
        await Assertions.Expect(log.Locator("h2")).ToHaveTextAsync(section);
        await Assertions.Expect(log).ToContainTextAsync(sentence);
        await BrowserSite.AssertAccessibleAsync(member);
        await log.ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeAsync(member, "account-access-log", culture, widths: Screenshots.PhoneAndDesktop);
    }

    [Theory]
    [InlineData("zh-HK", "我們如何使用你的個人資料", "你為甚麼要查閱這些資料？", "請寫下你需要查閱這些資料的原因。")]
    [InlineData("en", "How we use your personal data", "Why are you opening this?", "Write why you need to open this information.")]
    public async Task Registration_states_the_purpose_and_staff_give_a_reason_before_a_mentoring_pair(string culture, string purpose, string why, string empty)
    {
        var visitor = await site.NewPageAsync(culture);
        await visitor.GotoAsync("/account/register" + (culture == "en" ? "?culture=en" : string.Empty));
        await Assertions.Expect(visitor.Locator("#collection-heading")).ToHaveTextAsync(purpose);
        await Assertions.Expect(visitor.Locator("main a[href='/pages/privacy']")).ToBeVisibleAsync();
        await Assertions.Expect(visitor.Locator("main a[href='/pages/terms']")).ToBeVisibleAsync();
        await Assertions.Expect(visitor.Locator("footer a[href='/pages/terms']")).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(visitor);
        await visitor.Locator("#collection-heading").ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeAsync(visitor, "register-statement", culture, widths: Screenshots.PhoneAndDesktop);

        // A demo mentoring pair (its meeting notes are health-related): staff are asked why first; an empty reason is explained.
        var staff = await site.NewPageAsync(culture);
        await ContentBrowserTests.SignInAsync(staff, "staff", culture);
        await staff.GotoAsync("/admin/mentoring/pairs");
        await staff.Locator("main a[href^='/mentoring/pairs/']").First.ClickAsync();
        await Assertions.Expect(staff.Locator("main h1")).ToHaveTextAsync(why);
        await BrowserSite.AssertAccessibleAsync(staff);
        await Screenshots.TakeAsync(staff, "reason-prompt", culture, widths: Screenshots.PhoneAndDesktop);
        await staff.Locator("form[action='/privacy/reason'] button[type=submit]").ClickAsync();
        await Assertions.Expect(staff.Locator(".error-summary")).ToContainTextAsync(empty);
        await BrowserSite.AssertAccessibleAsync(staff);
        await staff.Locator("#reason").FillAsync(culture == "en" ? "Weekly review" : "每週審閱");
        await staff.Locator("form[action='/privacy/reason'] button[type=submit]").ClickAsync();
        await Assertions.Expect(staff).ToHaveURLAsync(new Regex("/mentoring/pairs/\\d+$"));
        await Assertions.Expect(staff.Locator("main h1")).Not.ToHaveTextAsync(why);
    }
}
