using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>Sign up, sign out, sign in, then change language and text size: in zh-HK and en, axe-clean on every page.</summary>
public sealed class AccountBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Theory]
    [InlineData("zh-HK", "建立帳戶", "登入", "登出", "English")]
    [InlineData("en", "Create an account", "Sign in", "Sign out", "中文")]
    public async Task A_person_signs_up_signs_in_and_sets_language_and_text_size(string culture, string registerHeading, string signIn, string signOut, string otherLanguage)
    {
        var page = await site.NewPageAsync(culture);
        var suffix = culture == "en" ? "?culture=en" : string.Empty;
        var email = $"person-{Guid.NewGuid():N}@example.hk";
        const string password = "tea garden harbour lantern";

        await page.GotoAsync("/account/register" + suffix);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(registerHeading);
        await BrowserSite.AssertAccessibleAsync(page);

        // A mistake first: the page explains it in the person's language and keeps what they typed.
        await page.Locator("#DisplayName").FillAsync(culture == "en" ? "Ada Chan" : "陳小敏");
        await page.Locator("#Email").FillAsync(email);
        await page.Locator("#Password").FillAsync(password);
        await page.Locator("#ConfirmPassword").FillAsync(password + " typo");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#Email")).ToHaveValueAsync(email);
        await BrowserSite.AssertAccessibleAsync(page);

        await page.Locator("#Password").FillAsync(password);
        await page.Locator("#ConfirmPassword").FillAsync(password);
        await page.Locator("main form button[type=submit]").ClickAsync();

        // The answer never says whether the address already had an account: "check your e-mail", then sign in.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(culture == "en" ? "Check your e-mail" : "請查看你的電郵");
        await BrowserSite.AssertAccessibleAsync(page);
        await page.Locator("main a[href='/account/sign-in']").ClickAsync();
        await page.Locator("#Login").FillAsync(email);
        await page.Locator("#Password").FillAsync(password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = signOut, Exact = true })).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = signOut, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = signIn, Exact = true })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = signIn, Exact = true }).ClickAsync();
        await BrowserSite.AssertAccessibleAsync(page);
        await page.Locator("#Login").FillAsync(email);
        await page.Locator("#Password").FillAsync(password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = signOut, Exact = true })).ToBeVisibleAsync();

        // Text size and language, chosen while signed in, stick on the next page.
        await page.Locator("a[data-text-size='1']").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new Regex("text-size-1"));
        await page.GetByRole(AriaRole.Link, new() { Name = otherLanguage, Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).Not.ToHaveAttributeAsync("lang", culture);
        await page.GotoAsync("/account");
        await Assertions.Expect(page.Locator("html")).Not.ToHaveAttributeAsync("lang", culture);
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new Regex("text-size-1"));
        await BrowserSite.AssertAccessibleAsync(page);

        // A saved form's message is present when the page loads, which many screen readers do not read: focus goes
        // to it, so it is read at once (WCAG 4.1.3).
        await page.Locator("main form[action='/account'] button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("main .status-message[role=status][data-focus-on-load]")).ToBeFocusedAsync();
        await BrowserSite.AssertAccessibleAsync(page);

        // Nothing the flow did left a person's e-mail address, a token or a password in the site's log (issue 18).
        site.AssertNoPersonalDataLogged();
    }
}
