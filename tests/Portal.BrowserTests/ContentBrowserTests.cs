using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>The demo site reads well in both languages; staff write a page as a draft, then publish it.</summary>
public sealed class ContentBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Theory]
    [InlineData("zh-HK", "關於我們")]
    [InlineData("en", "About")]
    public async Task A_visitor_reads_the_home_and_about_pages(string culture, string aboutLink)
    {
        var page = await site.NewPageAsync(culture);
        await page.GotoAsync(culture == "en" ? "/?culture=en" : "/");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(page);

        await page.Locator(".main-nav").GetByRole(AriaRole.Link, new() { Name = aboutLink }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/pages/about"));
        await BrowserSite.AssertAccessibleAsync(page);

        await page.GotoAsync("/news");
        await Assertions.Expect(page.Locator("main article, main li").First).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(page);
    }

    [Theory]
    [InlineData("zh-HK")]
    [InlineData("en")]
    public async Task Staff_write_a_bilingual_page_as_a_draft_and_publish_it(string culture)
    {
        var slug = "volunteer-day-" + culture.ToLowerInvariant();
        var staff = await site.NewPageAsync(culture);
        await SignInAsync(staff, "staff", culture);

        await staff.GotoAsync("/admin/pages/new");
        await BrowserSite.AssertAccessibleAsync(staff);
        await staff.Locator("#Form_Slug").FillAsync(slug);
        await staff.Locator("#Form_TitleZh").FillAsync("義工日");
        await staff.Locator("#Form_BodyZh").FillAsync("## 歡迎參加\n\n照顧者和**義工**一起交流。<script>alert(1)</script>");
        await staff.Locator("#Form_TitleEn").FillAsync("Volunteer day");
        await staff.Locator("#Form_BodyEn").FillAsync("## Welcome\n\nCarers and **volunteers** meet.");
        await staff.Locator("button[name=command][value=preview]").ClickAsync();
        await Assertions.Expect(staff.Locator(".preview strong").First).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(staff);
        await staff.Locator("button[name=command][value=save]").ClickAsync();

        var visitor = await site.NewPageAsync(culture);
        var draft = await visitor.GotoAsync($"/pages/{slug}");
        Assert.Equal(404, draft!.Status);

        await staff.Locator("button[name=command][value=publish]").ClickAsync();
        await BrowserSite.AssertAccessibleAsync(staff);

        var published = await visitor.GotoAsync($"/pages/{slug}");
        Assert.Equal(200, published!.Status);
        await Assertions.Expect(visitor.Locator("h1")).ToHaveTextAsync(culture == "en" ? "Volunteer day" : "義工日");
        Assert.Equal(0, await visitor.Locator("main script").CountAsync());
        await visitor.GotoAsync($"/pages/{slug}?culture={(culture == "en" ? "zh-HK" : "en")}");
        await Assertions.Expect(visitor.Locator("h1")).ToHaveTextAsync(culture == "en" ? "義工日" : "Volunteer day");
    }

    internal static async Task SignInAsync(IPage page, string userName, string culture)
    {
        await page.GotoAsync("/account/sign-in" + (culture == "en" ? "?culture=en" : string.Empty));
        await page.Locator("#Login").FillAsync(userName);
        await page.Locator("#Password").FillAsync(BrowserSite.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("form[action='/account/sign-out']").First).ToBeVisibleAsync();

        // Signing in brings back the language the account chose last time: choose the one under test again
        // (with the language switch's own address; a page's ?culture= is not saved).
        await page.GotoAsync($"/preferences?culture={culture}&returnUrl=/");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
    }
}
