using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Identity;
using Portal.IntegrationTests.Infrastructure;
using Portal.Notifications;

namespace Portal.IntegrationTests;

/// <summary>A site whose account e-mails are captured (the publisher is replaced), with short sessions.</summary>
public class SessionSite : PortalSite
{
    public SessionSite()
        : this("14.00:00:00")
    {
    }

    protected SessionSite(string absoluteLifetime)
        : base(new Dictionary<string, string?>
        {
            ["Portal:Sessions:AbsoluteLifetime"] = absoluteLifetime,
            ["Portal:Sessions:IdleTimeout"] = "00:30:00",
        })
    {
    }

    public CapturedNotifications Notifications { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<INotificationPublisher>(Notifications));
    }

    /// <summary>Signs in through the form and returns the client and the raw sign-in cookie (to copy elsewhere).</summary>
    public async Task<(HttpClient Client, string Cookie)> SignInCapturingCookieAsync(string userName, string? password = null)
    {
        var client = CreateBrowser();
        var page = await HtmlForms.GetAsync(client, "/account/sign-in");
        using var response = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(page, "sign-in"), f =>
        {
            f["Login"] = userName;
            f["Password"] = password ?? Password;
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("portal.auth=", StringComparison.Ordinal));
        return (client, cookie);
    }

    /// <summary>Another browser that was handed a copy of the cookie.</summary>
    public HttpClient CopyOf(string cookie)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    public async Task<string> UserIdAsync(string userName)
    {
        using var scope = Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByNameAsync(userName))!.Id;
    }
}

/// <summary>Sessions that end 3 s after sign-in.</summary>
public sealed class ShortSessionSite() : SessionSite("00:00:03");

public sealed class SessionTests(SessionSite site) : IClassFixture<SessionSite>
{
    [Fact]
    public async Task A_copied_cookie_stops_working_after_sign_out()
    {
        var (client, cookie) = await site.SignInCapturingCookieAsync("member");
        using var copy = site.CopyOf(cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/account")).StatusCode);

        var page = await HtmlForms.GetAsync(client, "/account");
        using var signOut = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(page, "/account/sign-out"), _ => { });
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        using var after = await copy.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/sign-in", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
        client.Dispose();
    }

    [Fact]
    public async Task A_session_ends_after_its_absolute_lifetime_however_active()
    {
        using var shortSessions = new ShortSessionSite();
        var (client, _) = await shortSessions.SignInCapturingCookieAsync("mentor");
        using (var first = await client.GetAsync("/account"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var until = DateTime.UtcNow.AddSeconds(8);
        HttpStatusCode last;
        do
        {
            using var response = await client.GetAsync("/account");
            last = response.StatusCode;
            await Task.Delay(500);
        }
        while (last == HttpStatusCode.OK && DateTime.UtcNow < until);

        Assert.Equal(HttpStatusCode.Redirect, last);
        client.Dispose();
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_other_sessions_at_once_and_keeps_this_one()
    {
        var (first, _) = await site.SignInCapturingCookieAsync("leader");
        var (_, otherCookie) = await site.SignInCapturingCookieAsync("leader");
        using var other = site.CopyOf(otherCookie);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/account")).StatusCode);

        var page = await HtmlForms.GetAsync(first, "/account");
        using var response = await HtmlForms.SubmitAsync(first, HtmlForms.FindForm(page, "/account/sign-out-everywhere"), _ => { });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/account")).StatusCode);
        first.Dispose();
    }

    [Fact]
    public async Task Changing_the_password_sends_a_security_email_and_ends_other_sessions()
    {
        var (client, _) = await site.SignInCapturingCookieAsync("partner");
        var (_, otherCookie) = await site.SignInCapturingCookieAsync("partner");
        using var other = site.CopyOf(otherCookie);
        var page = await HtmlForms.GetAsync(client, "/account/password");
        using var response = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(page, "/account/password"), f =>
        {
            f["CurrentPassword"] = PortalSite.Password;
            f["NewPassword"] = "a brand new harbour password";
            f["ConfirmPassword"] = "a brand new harbour password";
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var notice = Assert.Single(site.Notifications.Of(AccountNotifier.PasswordChangedKind, await site.UserIdAsync("partner")));
        Assert.Equal("http://localhost/account/forgot-password", notice.Data["link"]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/account")).StatusCode);
        client.Dispose();
    }

    [Fact]
    public async Task A_locked_account_answers_like_an_unknown_name_and_takes_as_long()
    {
        using var scope = site.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var staff = (await users.FindByNameAsync("staff"))!;
        await users.SetLockoutEndDateAsync(staff, DateTimeOffset.UtcNow.AddMinutes(10));
        var signIn = scope.ServiceProvider.GetRequiredService<AccountSignIn>();

        // Warm up both paths, then time them.
        await signIn.PasswordSignInAsync("staff", "wrong password", false);
        await signIn.PasswordSignInAsync("no-such-person-" + Guid.NewGuid().ToString("N"), "wrong password", false);
        // Alternate the two, five times each, and compare medians: one timing on a busy machine says little.
        var lockedTimes = new List<double>();
        var unknownTimes = new List<double>();
        Portal.Hosting.Identity.SignInOutcome lockedOutcome = null!, unknownOutcome = null!;
        for (var i = 0; i < 5; i++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            lockedOutcome = await signIn.PasswordSignInAsync("staff", "wrong password", false);
            lockedTimes.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            unknownOutcome = await signIn.PasswordSignInAsync("no-such-person-" + Guid.NewGuid().ToString("N"), "wrong password", false);
            unknownTimes.Add(watch.Elapsed.TotalMilliseconds);
        }

        var locked = lockedTimes.Order().ElementAt(2);
        var unknown = unknownTimes.Order().ElementAt(2);
        Assert.Equal(SignInStatus.LockedOut, lockedOutcome.Status);
        Assert.Equal(SignInStatus.Failed, unknownOutcome.Status);
        // Both hash a password (210,000 PBKDF2 iterations, tens of milliseconds); before, a locked account answered in
        // a few milliseconds (40 times faster). Within a factor of 3 either way is "alike" on a busy test machine.
        Assert.InRange(locked, unknown / 3, unknown * 3);
    }
}

/// <summary>Registration never says that an address or a user name is taken.</summary>
public sealed class RegistrationEnumerationTests(SessionSite site) : IClassFixture<SessionSite>
{
    [Fact]
    public async Task Registering_with_a_taken_address_answers_like_a_new_one_and_tells_the_owner_by_email()
    {
        var fresh = await RegisterAsync("fresh-" + Guid.NewGuid().ToString("N")[..8] + "@example.hk", userName: null);
        var taken = await RegisterAsync("member@test.portal.hk", userName: null);

        Assert.Equal(HttpStatusCode.OK, fresh.Status);
        Assert.Equal(HttpStatusCode.OK, taken.Status);
        Assert.Equal(Normalize(fresh.Html, fresh.Email), Normalize(taken.Html, taken.Email));
        Assert.Single(site.Notifications.Of(AccountNotifier.RegistrationAttemptKind, await site.UserIdAsync("member")));
    }

    [Fact]
    public async Task A_taken_user_name_is_not_revealed_and_the_new_account_signs_in_with_its_email()
    {
        var email = "named-" + Guid.NewGuid().ToString("N")[..8] + "@example.hk";
        var result = await RegisterAsync(email, userName: "staff");
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.DoesNotContain("error-summary", result.Html, StringComparison.Ordinal);

        using var client = site.CreateBrowser();
        var page = await HtmlForms.GetAsync(client, "/account/sign-in");
        using var response = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(page, "sign-in"), f =>
        {
            f["Login"] = email;
            f["Password"] = "harbour lantern tea garden";
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task<(HttpStatusCode Status, string Html, string Email)> RegisterAsync(string email, string? userName)
    {
        using var client = site.CreateBrowser();
        var page = await HtmlForms.GetAsync(client, "/account/register?culture=en");
        using var response = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(page, "register"), f =>
        {
            f["DisplayName"] = "Someone";
            f["Email"] = email;
            if (userName is not null)
            {
                f["UserName"] = userName;
            }

            f["Password"] = "harbour lantern tea garden";
            f["ConfirmPassword"] = "harbour lantern tea garden";
        });
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), email);
    }

    /// <summary>The page without the address and the per-request tokens.</summary>
    private static string Normalize(string html, string email)
    {
        var main = HtmlForms.Parse(html).QuerySelector("main")?.TextContent ?? html;
        return main.Replace(email, "{email}", StringComparison.Ordinal);
    }
}
