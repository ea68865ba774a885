using System.Net;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

public sealed class AccountTests(PortalSite site) : IClassFixture<PortalSite>
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_with_a_clear_message()
    {
        using var client = site.CreateBrowser();
        // English chosen with the language switch (a page's ?culture= is not saved, and the form posts without it).
        await site.ChooseLanguageAsync(client, "en");

        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            var page = await HtmlForms.GetAsync(client, "/account/sign-in");
            last = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(page, "sign-in"), f =>
            {
                f["Login"] = "partner";
                f["Password"] = "not the password " + i;
            });
            Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        }

        var html = await last!.Content.ReadAsStringAsync();
        Assert.Contains("paused", html, StringComparison.OrdinalIgnoreCase);

        // Even the right password is refused while locked out.
        var again = await HtmlForms.GetAsync(client, "/account/sign-in");
        using var right = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(again, "sign-in"), f =>
        {
            f["Login"] = "partner";
            f["Password"] = PortalSite.Password;
        });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task Registration_with_bad_input_explains_in_chinese_and_never_fails()
    {
        using var client = site.CreateBrowser();
        var page = await HtmlForms.GetAsync(client, "/account/register");
        using var response = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(page, "register"), f =>
        {
            f["DisplayName"] = new string('長', 500);
            f["Email"] = "not-an-email";
            f["Password"] = "password";
            f["ConfirmPassword"] = "password";
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("error-summary", html, StringComparison.Ordinal);
        Assert.Contains("not-an-email", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_member_registers_is_told_to_check_their_email_and_can_sign_in()
    {
        using var client = site.CreateBrowser();
        var page = await HtmlForms.GetAsync(client, "/account/register");
        using var response = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(page, "register"), f =>
        {
            f["DisplayName"] = "新會員";
            f["Email"] = "new.member@example.hk";
            f["Password"] = "harbour lantern tea garden";
            f["ConfirmPassword"] = "harbour lantern tea garden";
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("new.member@example.hk", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var signIn = await HtmlForms.GetAsync(client, "/account/sign-in");
        using var signedIn = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(signIn, "sign-in"), f =>
        {
            f["Login"] = "new.member@example.hk";
            f["Password"] = "harbour lantern tea garden";
        });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var profile = await HtmlForms.ReadAsync(client, "/account");
        Assert.Contains("新會員", profile, StringComparison.Ordinal);
    }
}

/// <summary>
/// Signing in or saving the account page never switches the page's language silently: the person keeps reading in the
/// language they were reading, and is offered their account's language; choosing another language on the account page
/// switches the site and says "saved" in the new language.
/// </summary>
public sealed class AccountLanguageTests(PortalSite site) : IClassFixture<PortalSite>
{
    [Fact]
    public async Task Signing_in_keeps_the_language_being_read_and_offers_the_accounts_language()
    {
        using var client = site.CreateBrowser();
        await site.ChooseLanguageAsync(client, "en");

        var page = await HtmlForms.GetAsync(client, "/account/sign-in");
        using var signedIn = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(page, "sign-in"), f =>
        {
            f["Login"] = "member"; // whose account is in Chinese
            f["Password"] = PortalSite.Password;
        });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        var home = await client.GetStringAsync("/");
        Assert.Contains("<html lang=\"en\"", home, StringComparison.Ordinal);
        Assert.Contains("Your account is set to 中文.", home, StringComparison.Ordinal);
        Assert.Contains("lang=\"zh-HK\" hreflang=\"zh-HK\">轉用中文</a>", home, StringComparison.Ordinal);
        // Offered once, not on every page.
        Assert.DoesNotContain("Your account is set to", await client.GetStringAsync("/"), StringComparison.Ordinal);
    }

    private static AngleSharp.Html.Dom.IHtmlFormElement ProfileForm(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.Forms.Single(f => f.GetAttribute("action") == "/account");

    [Fact]
    public async Task An_absurdly_long_return_address_is_ignored_and_the_person_lands_on_the_home_page()
    {
        using var client = site.CreateBrowser();
        var page = await HtmlForms.GetAsync(client, "/account/sign-in");
        using var signedIn = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(page, "sign-in"), f =>
        {
            f["Login"] = "staff";
            f["Password"] = PortalSite.Password;
            f["ReturnUrl"] = "/kb?tag=" + new string('照', 5000);
        });

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Choosing_another_language_on_the_account_page_switches_and_says_saved_in_it()
    {
        using var client = await site.SignInAsync("leader", "zh-HK");

        var profile = await HtmlForms.GetAsync(client, "/account");
        using var saved = await HtmlForms.SubmitAsync(client, ProfileForm(profile), f => f["Culture"] = "en");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var after = await client.GetStringAsync("/account");
        Assert.Contains("<html lang=\"en\"", after, StringComparison.Ordinal);
        Assert.Contains("Your details are saved.", after, StringComparison.Ordinal);

        // Saving something else while reading in Chinese keeps Chinese.
        await site.ChooseLanguageAsync(client, "zh-HK");

        profile = await HtmlForms.GetAsync(client, "/account");
        using var again = await HtmlForms.SubmitAsync(client, ProfileForm(profile), f => f["DisplayName"] = "測試組長二");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var kept = await client.GetStringAsync("/account");
        Assert.Contains("<html lang=\"zh-HK\"", kept, StringComparison.Ordinal);
        Assert.Contains("你的帳戶設定使用 English。", kept, StringComparison.Ordinal);
    }
}

/// <summary>With the production limits: the seventh sign-in attempt in a minute from one address gets 429.</summary>
public sealed class SignInRateLimitTests
{
    private sealed class DefaultLimitsSite() : PortalSite(new Dictionary<string, string?>
    {
        ["Portal:RateLimits:SignInPerMinute"] = "6",
    });

    [Fact]
    public async Task Too_many_sign_in_attempts_get_a_friendly_429()
    {
        using var site = new DefaultLimitsSite();
        using var client = site.CreateBrowser();
        var page = await HtmlForms.GetAsync(client, "/account/sign-in");
        var form = HtmlForms.FindForm(page, "sign-in");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await HtmlForms.SubmitAsync(client, form, f =>
            {
                f["Login"] = "nobody-" + i;
                f["Password"] = "wrong password " + i;
            });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var html = await response.Content.ReadAsStringAsync();
                Assert.Contains("請稍候再試", html, StringComparison.Ordinal);
            }
        }

        Assert.All(statuses.Take(6), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[6]);
    }
}

/// <summary>
/// The registration limit counts accounts created, not submissions: mistakes never lock a person out, and the refusal
/// is the site's own page with the real waiting time, matching Retry-After.
/// </summary>
public sealed class RegistrationLimitTests
{
    private sealed class TwoAnHourSite() : PortalSite(new Dictionary<string, string?>
    {
        ["Portal:RateLimits:RegistrationsPerHour"] = "2",
    });

    [Fact]
    public async Task Mistakes_do_not_count_and_the_refusal_says_how_long_to_wait()
    {
        using var site = new TwoAnHourSite();
        using var client = site.CreateBrowser();

        async Task<HttpResponseMessage> RegisterAsync(string email, string password)
        {
            var page = await HtmlForms.GetAsync(client, "/account/register");
            return await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(page, "register"), f =>
            {
                f["DisplayName"] = "陳太";
                f["Email"] = email;
                f["Password"] = password;
                f["ConfirmPassword"] = password;
            });
        }

        // Five typing mistakes (a password too short): each gets the form back, never a 429.
        for (var i = 0; i < 5; i++)
        {
            using var mistake = await RegisterAsync($"typo{i}@example.hk", "short");
            Assert.Equal(HttpStatusCode.OK, mistake.StatusCode);
            Assert.DoesNotContain("RegisterSent", mistake.RequestMessage!.RequestUri!.ToString(), StringComparison.Ordinal);
        }

        using (var first = await RegisterAsync("first@example.hk", "harbour lantern tea garden"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var second = await RegisterAsync("second@example.hk", "harbour lantern tea garden"))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        using var third = await RegisterAsync("third@example.hk", "harbour lantern tea garden");
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        var wait = int.Parse(third.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(wait, 3500, 3600);
        var html = await third.Content.ReadAsStringAsync();
        Assert.Contains("class=\"site-header\"", html, StringComparison.Ordinal); // the site's layout
        Assert.Contains("請等 60 分鐘後再試。", html, StringComparison.Ordinal);
    }
}
