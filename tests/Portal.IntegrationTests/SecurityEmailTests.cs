using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Portal.Hosting.Identity;
using Portal.IntegrationTests.Infrastructure;
using Portal.Notifications.Tests;

namespace Portal.IntegrationTests;

/// <summary>A site that sends its mail to a real SMTP server (Debian python3-aiosmtpd) on 127.0.0.1.</summary>
public sealed class SmtpPortalSite : IDisposable
{
    public SmtpPortalSite()
    {
        Smtp = new SmtpTestServer();
        Site = new Host(Smtp.Port);
        _ = Site.CreateClient();
    }

    internal SmtpTestServer Smtp { get; }

    public PortalSite Site { get; }

    public void Dispose()
    {
        Site.Dispose();
        Smtp.Dispose();
    }

    private sealed class Host(int port) : PortalSite(new Dictionary<string, string?>
    {
        ["Portal:Smtp:Host"] = "127.0.0.1",
        ["Portal:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Portal:Smtp:Security"] = "None",
        ["Portal:Smtp:From"] = "noreply@portal.test",
    });
}

/// <summary>
/// The account's security e-mails travel the whole way (account controller, notification outbox, a real SMTP server)
/// to the right address: the password reset link and the notice after the reset, the notice of an e-mail change to
/// the OLD address, two-factor turned on and off, and new recovery codes (the notice, never the codes).
/// </summary>
public sealed partial class SecurityEmailTests(SmtpPortalSite smtp) : IClassFixture<SmtpPortalSite>
{
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(60);

    private PortalSite Site => smtp.Site;

    [Fact]
    public async Task A_password_reset_sends_the_link_and_then_a_notice_that_the_password_changed()
    {
        const string address = "member@test.portal.hk";
        using var visitor = Site.CreateBrowser();
        var forgot = await HtmlForms.GetAsync(visitor, "/account/forgot-password");
        using (var asked = await HtmlForms.SubmitAsync(visitor, HtmlForms.FindForm(forgot, "/account/forgot-password"), f => f["Email"] = address))
        {
            Assert.True(asked.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{(int)asked.StatusCode}");
        }

        var reset = await OneAsync(address, "重設你的密碼");
        var link = Link(reset, "/account/reset-password");
        var page = await HtmlForms.GetAsync(visitor, link);
        using (var done = await HtmlForms.SubmitAsync(visitor, HtmlForms.FindForm(page, "/account/reset-password"), f =>
        {
            f["Password"] = "a reset harbour lantern password";
            f["ConfirmPassword"] = "a reset harbour lantern password";
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        }

        var notice = await OneAsync(address, "你的密碼已更改");
        Assert.Contains("http://localhost/account/forgot-password", notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("a reset harbour lantern password", notice.TextBody + notice.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_email_change_is_confirmed_at_the_new_address_and_the_old_address_is_told()
    {
        const string oldAddress = "leader@test.portal.hk";
        var newAddress = "leader-" + Guid.NewGuid().ToString("N")[..8] + "@example.hk";
        using var leader = await Site.SignInAsync("leader");
        var form = await HtmlForms.GetAsync(leader, "/account/email");
        using (var asked = await HtmlForms.SubmitAsync(leader, HtmlForms.FindForm(form, "/account/email"), f =>
        {
            f["NewEmail"] = newAddress;
            f["CurrentPassword"] = PortalSite.Password;
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        }

        var confirm = await OneAsync(newAddress, null);
        Assert.DoesNotContain(smtp.Smtp.Messages(), m => To(m) == oldAddress && m.Subject == "你帳戶的電郵地址已更改");
        using (var confirmed = await leader.GetAsync(Link(confirm, "/account/confirm-email-change")))
        {
            Assert.True(confirmed.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{(int)confirmed.StatusCode}");
        }

        // The notice goes to the old address (the new one only partly shown), none to the new one.
        var notice = await OneAsync(oldAddress, "你帳戶的電郵地址已更改");
        Assert.Contains(newAddress[..2] + "****@example.hk", notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(newAddress, notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(smtp.Smtp.Messages(), m => To(m) == newAddress && m.Subject == "你帳戶的電郵地址已更改");
    }

    [Fact]
    public async Task Turning_two_factor_on_new_recovery_codes_and_turning_it_off_each_send_a_notice()
    {
        const string address = "staff@test.portal.hk";
        using var staff = await Site.SignInAsync("staff");
        var page = await HtmlForms.GetAsync(staff, "/account/authenticator");
        string key;
        using (var scope = Site.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            key = (await users.GetAuthenticatorKeyAsync((await users.FindByNameAsync("staff"))!))!;
        }

        using (var on = await HtmlForms.SubmitAsync(staff, HtmlForms.FindForm(page, "/account/authenticator/enable"), f =>
        {
            f["CurrentPassword"] = PortalSite.Password;
            f["Code"] = AuthenticatorApp.Code(key);
        }))
        {
            Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        }

        var enabled = await OneAsync(address, "你已開啟兩步驗證");
        Assert.Contains("http://localhost/account/forgot-password", enabled.TextBody, StringComparison.Ordinal);

        page = await HtmlForms.GetAsync(staff, "/account/authenticator");
        string codesPage;
        using (var codes = await HtmlForms.SubmitAsync(staff, HtmlForms.FindForm(page, "/account/authenticator/recovery-codes"), f => f["CurrentPassword"] = PortalSite.Password))
        {
            Assert.Equal(HttpStatusCode.OK, codes.StatusCode);
            codesPage = await codes.Content.ReadAsStringAsync();
        }

        var renewed = await OneAsync(address, "你的後備代碼已更新");
        var shown = RecoveryCode().Matches(codesPage).Select(m => m.Value).ToList();
        Assert.NotEmpty(shown);
        Assert.All(shown, code => Assert.DoesNotContain(code, renewed.TextBody + renewed.HtmlBody, StringComparison.Ordinal));

        page = await HtmlForms.GetAsync(staff, "/account/authenticator");
        using (var off = await HtmlForms.SubmitAsync(staff, HtmlForms.FindForm(page, "/account/authenticator/disable"), f => f["CurrentPassword"] = PortalSite.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        }

        await OneAsync(address, "你的兩步驗證已關閉");
    }

    /// <summary>Exactly one message to the address with the subject (any subject when null), once it arrived.</summary>
    private async Task<MimeMessage> OneAsync(string address, string? subject)
    {
        bool Match(MimeMessage m) => To(m) == address && (subject is null || m.Subject == subject);
        var arrived = await smtp.Smtp.WaitForMessagesAsync(Match, MailWait);
        Assert.True(arrived.Count > 0, $"no e-mail \"{subject}\" to {address} within {MailWait.TotalSeconds} s; got: {string.Join(", ", smtp.Smtp.Messages().Select(m => To(m) + " " + m.Subject))}");
        await Task.Delay(500); // a duplicate would follow at once
        return Assert.Single(smtp.Smtp.Messages(), Match);
    }

    private static string To(MimeMessage message) => ((MailboxAddress)message.To[0]).Address.ToLowerInvariant();

    /// <summary>The site-relative link (path and query) in the message's text that starts with the path.</summary>
    private static string Link(MimeMessage message, string path)
    {
        var match = Regex.Match(message.TextBody ?? "", "http://localhost" + Regex.Escape(path) + @"\?[^\s)\]]+");
        Assert.True(match.Success, $"no link to {path} in: {message.TextBody}");
        return new Uri(match.Value).PathAndQuery;
    }

    [GeneratedRegex(@"\b[A-Z0-9]{5}-[A-Z0-9]{5}\b")]
    private static partial Regex RecoveryCode();
}
