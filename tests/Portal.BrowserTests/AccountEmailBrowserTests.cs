using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;

namespace Portal.BrowserTests;

/// <summary>Account e-mails through the real SMTP server: confirm the address, then reset a forgotten password.</summary>
public sealed partial class AccountEmailBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Theory]
    [InlineData("zh-HK", "確認")]
    [InlineData("en", "Confirm")]
    public async Task Confirmation_and_password_reset_work_by_email(string culture, string confirmWord)
    {
        var page = await site.NewPageAsync(culture);
        var suffix = culture == "en" ? "?culture=en" : string.Empty;
        var email = $"mail-{Guid.NewGuid():N}@example.hk";
        const string password = "quiet river paper kite";

        await page.GotoAsync("/account/register" + suffix);
        await page.Locator("#DisplayName").FillAsync(culture == "en" ? "Ben Lee" : "李志明");
        await page.Locator("#Email").FillAsync(email);
        await page.Locator("#Password").FillAsync(password);
        await page.Locator("#ConfirmPassword").FillAsync(password);
        if (culture == "en")
        {
            await page.Locator("#Culture-en").CheckAsync();
        }

        await page.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("main a[href='/account/sign-in']")).ToBeVisibleAsync();

        var confirmation = await WaitForMailAsync(email);
        Assert.Contains(confirmWord, confirmation.Subject, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(confirmation.TextBody);
        Assert.NotNull(confirmation.HtmlBody);
        await page.GotoAsync(LinkIn(confirmation));
        await BrowserSite.AssertAccessibleAsync(page);
        await page.GotoAsync("/account/sign-in");
        await page.Locator("#Login").FillAsync(email);
        await page.Locator("#Password").FillAsync(password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("form[action='/account/sign-out']").First).ToBeVisibleAsync();
        await page.GotoAsync("/account");
        Assert.DoesNotContain(culture == "en" ? "Not confirmed" : "未確認", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // Forgot the password: sign out, ask for a link, follow it, choose a new one, sign in with it.
        await page.Locator("form[action='/account/sign-out'] button").First.ClickAsync();
        await page.GotoAsync("/account/forgot-password");
        await BrowserSite.AssertAccessibleAsync(page);
        await page.Locator("#Email").FillAsync(email);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await BrowserSite.AssertAccessibleAsync(page);

        var reset = await WaitForMailAsync(email, skip: 1);
        await page.GotoAsync(LinkIn(reset));
        await BrowserSite.AssertAccessibleAsync(page);
        const string newPassword = "lantern harbour tea garden";
        await page.Locator("#Password").FillAsync(newPassword);
        await page.Locator("#ConfirmPassword").FillAsync(newPassword);
        await page.Locator("main form button[type=submit]").ClickAsync();

        await page.GotoAsync("/account/sign-in");
        await page.Locator("#Login").FillAsync(email);
        await page.Locator("#Password").FillAsync(newPassword);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("form[action='/account/sign-out']").First).ToBeVisibleAsync();

        // Nothing the flow did left a person's e-mail address, a token or a password in the site's log (issue 18).
        site.AssertNoPersonalDataLogged();
    }

    private async Task<MimeMessage> WaitForMailAsync(string to, int skip = 0)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var mine = site.Mail.Messages().Where(m => m.To.Mailboxes.Any(a => a.Address == to)).ToList();
            if (mine.Count > skip)
            {
                return mine[skip];
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"No e-mail number {skip + 1} to {to} arrived within a minute.");
    }

    private static string LinkIn(MimeMessage message)
    {
        var match = Link().Match(message.TextBody ?? string.Empty);
        Assert.True(match.Success, "The e-mail has no link: " + message.TextBody);
        return match.Value;
    }

    [GeneratedRegex(@"https?://[^\s<>""]+/account/[^\s<>""]+")]
    private static partial Regex Link();
}
