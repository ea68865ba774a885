using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>
/// The knowledge editor: a tall Markdown box with a small labelled toolbar (bold, heading, list, link) that works from
/// the keyboard, and the audiences chosen from a list of checkboxes; axe-clean in zh-HK and en.
/// </summary>
public sealed class KnowledgeEditorTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Theory]
    [InlineData("zh-HK", "新增文章", "格式", "粗體", "小標題", "清單", "連結", "照顧者", "義工")]
    [InlineData("en", "New article", "Formatting", "Bold", "Heading", "List", "Link", "Carers", "Volunteers")]
    public async Task The_editor_has_room_a_keyboard_toolbar_and_an_audience_list(string culture, string heading, string toolbarName,
        string bold, string headingButton, string list, string link, string carers, string volunteers)
    {
        var page = await site.NewPageAsync(culture);
        await page.GotoAsync("/account/sign-in" + (culture == "en" ? "?culture=en" : ""));
        await page.Locator("#Login").FillAsync("staff");
        await page.Locator("#Password").FillAsync(BrowserSite.Password);
        await page.Locator("#Password").PressAsync("Enter");
        await BrowserSite.WaitUntilSignedInAsync(page);
        await page.GotoAsync($"/preferences?culture={culture}&returnUrl=/admin/kb/new");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(heading);

        // Room to write: the Markdown box is at least 20 lines tall.
        var box = page.Locator("#Form_Body");
        var height = await box.EvaluateAsync<double>("t => t.getBoundingClientRect().height");
        Assert.True(height >= 400, $"the Markdown box is {height}px tall");

        var toolbar = page.GetByRole(AriaRole.Group, new() { Name = toolbarName });
        await Assertions.Expect(toolbar).ToBeVisibleAsync();

        // Bold by mouse, on the selected word.
        await box.FillAsync("互助 mutual aid");
        await box.EvaluateAsync("t => t.setSelectionRange(0, 2)");
        await toolbar.GetByRole(AriaRole.Button, new() { Name = bold }).ClickAsync();
        await Assertions.Expect(box).ToHaveValueAsync("**互助** mutual aid");
        await Assertions.Expect(page.Locator("#kb-preview strong")).ToHaveTextAsync("互助");

        // Heading and list from the keyboard: Tab to the button, press Enter; the caret goes back to the box.
        await box.FillAsync("Planning\nfirst\nsecond");
        await box.EvaluateAsync("t => t.setSelectionRange(0, 0)");
        await toolbar.GetByRole(AriaRole.Button, new() { Name = headingButton }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(box).ToHaveValueAsync("## Planning\nfirst\nsecond");
        await Assertions.Expect(box).ToBeFocusedAsync();
        await box.EvaluateAsync("t => t.setSelectionRange(t.value.indexOf('first'), t.value.length)");
        await toolbar.GetByRole(AriaRole.Button, new() { Name = list }).FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(box).ToHaveValueAsync("## Planning\n- first\n- second");
        await Assertions.Expect(page.Locator("#kb-preview li")).ToHaveCountAsync(2);

        // Link with Ctrl+K: the address is selected, ready to type over.
        await box.FillAsync("guide");
        await box.EvaluateAsync("t => t.setSelectionRange(0, 5)");
        await box.PressAsync("Control+k");
        await page.Keyboard.TypeAsync("/kb/articles/running-meetings");
        await Assertions.Expect(box).ToHaveValueAsync("[guide](/kb/articles/running-meetings)");
        Assert.Equal(4, await toolbar.GetByRole(AriaRole.Button).CountAsync());
        await Assertions.Expect(toolbar.GetByRole(AriaRole.Button, new() { Name = link })).ToBeVisibleAsync();

        // Audiences from a list, not typed codes; they are saved with the article and ticked again.
        var slug = "editor-" + Guid.NewGuid().ToString("N")[..8];
        await page.Locator("#Form_Title").FillAsync("Editor test " + slug);
        await page.Locator("#Form_Slug").FillAsync(slug);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = carers, Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = volunteers, Exact = true }).CheckAsync();
        await BrowserSite.AssertAccessibleAsync(page);
        await page.Locator("button[name=intent][value=save]").ClickAsync();
        await Assertions.Expect(page.Locator(".kb-message")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = carers, Exact = true })).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = volunteers, Exact = true })).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = culture == "en" ? "Members" : "會員", Exact = true })).Not.ToBeCheckedAsync();
        await BrowserSite.AssertAccessibleAsync(page);
        await Screenshots.TakeAsync(page, "knowledge-editor", culture, widths: Screenshots.PhoneAndDesktop);
    }
}
