using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>A staff member writes an article with the live preview and publishes it; the admin pages are axe-clean.</summary>
public sealed class KnowledgeStaffTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Fact]
    public async Task Staff_write_with_live_preview_and_publish()
    {
        var page = await site.NewPageAsync("zh-HK");
        await page.GotoAsync("/account/sign-in?ReturnUrl=%2Fadmin%2Fkb%2Fnew");
        await page.Locator("#Login").FillAsync("staff");
        await page.Locator("#Password").FillAsync(BrowserSite.Password);
        await page.Locator("#Password").PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("新增文章");
        await BrowserSite.AssertAccessibleAsync(page);

        var slug = "browser-" + Guid.NewGuid().ToString("N")[..8];
        await page.GetByLabel("標題", new() { Exact = true }).FillAsync("照顧者的休息時間");
        await page.GetByLabel("網址").FillAsync(slug);
        await page.GetByLabel("文章內容（Markdown）").FillAsync("## 小休片刻\n\n**互助**令照顧者不再孤單。");

        // The preview comes from POST /admin/kb/preview (sanitised on the server, token in a header).
        await Assertions.Expect(page.Locator("#kb-preview strong")).ToHaveTextAsync("互助");
        await Assertions.Expect(page.Locator("#kb-preview h2")).ToHaveTextAsync("小休片刻");

        await page.GetByRole(AriaRole.Button, new() { Name = "儲存草稿" }).ClickAsync();
        await Assertions.Expect(page.Locator(".kb-message")).ToHaveTextAsync("已儲存草稿。");
        await Assertions.Expect(page.Locator("#kb-preview strong")).ToHaveTextAsync("互助");
        await BrowserSite.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "儲存並發佈" }).ClickAsync();
        await Assertions.Expect(page.Locator(".kb-message")).ToHaveTextAsync("已儲存並發佈文章。");

        await page.GotoAsync("/admin/kb?status=Published");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "照顧者的休息時間" })).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(page);

        await page.GotoAsync($"/kb/articles/{slug}");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("照顧者的休息時間");
        await Assertions.Expect(page.Locator(".kb-body strong")).ToHaveTextAsync("互助");
    }
}
