using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;

namespace Portal.BrowserTests;

/// <summary>
/// Partner matching in Chromium on the demo site, in zh-HK and en, axe-clean on every page: a group leader posts a
/// need, a partner offers help, the group says yes (contacts appear), staff introduce both sides by e-mail through
/// the real SMTP server, the partner starts and completes with feedback, and staff read the network page.
/// </summary>
public sealed class MatchingBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Theory]
    [InlineData("zh-HK", "設計年報封面及版面", "已完成", "聯絡資料")]
    [InlineData("en", "Design our annual report", "Completed", "Contact details")]
    public async Task A_need_is_posted_offered_answered_introduced_by_email_and_completed(string culture, string titleStart, string completed, string contacts)
    {
        var title = $"{titleStart} {Guid.NewGuid().ToString("N")[..4]}";

        // The group leader posts a need.
        var leader = await SignInAsync("leader", culture);
        await leader.GotoAsync("/partners");
        await BrowserSite.AssertAccessibleAsync(leader);
        await leader.GotoAsync("/partners/needs/new?kind=design");
        await BrowserSite.AssertAccessibleAsync(leader);
        await leader.Locator("#Form_Title").FillAsync(title);
        await leader.Locator("#Form_Description").FillAsync(culture == "en" ? "Our annual report needs a clear, friendly cover and layout." : "我們的年報需要清晰、親切的封面及版面設計。");
        await leader.Locator("#Form_HoursPerMonth").FillAsync("3");
        await leader.Locator("#Form_Months").FillAsync("2");
        await leader.Locator("#Form_Deadline").FillAsync(DateTime.UtcNow.AddHours(8).AddDays(40).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await leader.Locator("#mode-Remote").CheckAsync();
        await leader.Locator("#Form_Language").SelectOptionAsync("en");
        await leader.Locator("main form[action='/partners/needs'] button[type=submit]").ClickAsync();
        await Assertions.Expect(leader).ToHaveURLAsync(new Regex("/partners/needs/\\d+$"));
        var needUrl = new Uri(leader.Url).AbsolutePath;
        await Assertions.Expect(leader.Locator("#suggestions")).ToBeVisibleAsync();
        await Assertions.Expect(leader.Locator("main")).ToContainTextAsync("Emily Tsang");
        await BrowserSite.AssertAccessibleAsync(leader);
        await Screenshots.TakeAsync(leader, "matching-need", culture, widths: Screenshots.PhoneAndDesktop);

        // A partner (translator and designer, remote) sees it among their suggestions and offers help.
        var partner = await SignInAsync("partner8", culture);
        await partner.GotoAsync("/partners/suggestions");
        await Assertions.Expect(partner.Locator("main")).ToContainTextAsync(title);
        await BrowserSite.AssertAccessibleAsync(partner);
        await Screenshots.TakeAsync(partner, "matching-suggestions", culture, widths: Screenshots.PhoneAndDesktop);
        await partner.GotoAsync(needUrl);
        await BrowserSite.AssertAccessibleAsync(partner);
        await partner.Locator("#message").FillAsync(culture == "en" ? "I can design it remotely over two weekends." : "我可以用兩個週末遙距設計。");
        await partner.Locator("main form[action$='/interest'] button[type=submit]").ClickAsync();
        await Assertions.Expect(partner).ToHaveURLAsync(new Regex("/partners/matches/\\d+$"));
        var matchUrl = new Uri(partner.Url).AbsolutePath;
        await Assertions.Expect(partner.Locator("main")).Not.ToContainTextAsync("stroke.mutualaid@demo.portal.hk");
        await BrowserSite.AssertAccessibleAsync(partner);

        // The group says yes: the partner's contacts appear.
        await leader.GotoAsync(matchUrl);
        await BrowserSite.AssertAccessibleAsync(leader);
        await leader.Locator("main button[name=accept][value=true]").ClickAsync();
        await Assertions.Expect(leader.Locator("#contacts")).ToContainTextAsync(contacts);
        await Assertions.Expect(leader.Locator(".matching-contacts")).ToContainTextAsync("partner8@demo.portal.hk");
        await BrowserSite.AssertAccessibleAsync(leader);

        // Staff introduce both sides: a real e-mail reaches each through the SMTP server, with the other's contacts.
        var staff = await SignInAsync("staff", culture);
        await staff.GotoAsync(matchUrl);
        await BrowserSite.AssertAccessibleAsync(staff);
        await staff.Locator("main form[action$='/introduce'] button[type=submit]").ClickAsync();
        var toPartner = await WaitForMailAsync("partner8@demo.portal.hk", title, "stroke.mutualaid@demo.portal.hk");
        Assert.Contains(matchUrl, toPartner.TextBody, StringComparison.Ordinal);
        var toGroup = await WaitForMailAsync("leader@demo.portal.hk", title, "partner8@demo.portal.hk");
        Assert.Contains("Emily Tsang", toGroup.Subject, StringComparison.Ordinal);

        // The partner starts the work, then completes it with feedback and the hours given.
        await partner.GotoAsync(matchUrl);
        await partner.Locator("main form[action$='/start'] button[type=submit]").ClickAsync();
        await Assertions.Expect(partner.Locator("#outcome")).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(partner);
        await partner.Locator("#outcome").FillAsync(culture == "en" ? "Cover and layout delivered; the group printed 300 copies." : "已交付封面及版面，小組印製了 300 份。");
        await partner.Locator("#rating-5").CheckAsync();
        await partner.Locator("#hours").FillAsync("10");
        await partner.Locator("main form[action$='/feedback'] button[type=submit]").ClickAsync();
        await Assertions.Expect(partner.Locator("main .badge").First).ToContainTextAsync(completed);
        await BrowserSite.AssertAccessibleAsync(partner);
        await Screenshots.TakeAsync(partner, "matching-match", culture, widths: Screenshots.PhoneAndDesktop);

        // Staff read the network page: charts with titles, descriptions and tables.
        await staff.GotoAsync("/admin/partners");
        await Assertions.Expect(staff.Locator("svg[role=img] desc").First).ToBeAttachedAsync();
        await Assertions.Expect(staff.Locator("main details table").First).ToBeAttachedAsync();
        await BrowserSite.AssertAccessibleAsync(staff);
        await Screenshots.TakeAsync(staff, "matching-network", culture, widths: Screenshots.PhoneAndDesktop);

        // Nothing the flow did left a person's e-mail address, a token or a password in the site's log (issue 18).
        site.AssertNoPersonalDataLogged();
    }

    [Theory]
    [InlineData("zh-HK")]
    [InlineData("en")]
    public async Task Every_other_page_of_the_scheme_is_axe_clean(string culture)
    {
        // A visitor who is not signed in learns what the scheme is before being asked to sign in.
        var visitor = await site.NewPageAsync(culture);
        await visitor.GotoAsync("/partners");
        await Assertions.Expect(visitor.Locator("main a[href='/account/sign-in?returnUrl=%2Fpartners']")).ToBeVisibleAsync();
        await Assertions.Expect(visitor.Locator("main ol.matching-steps li")).ToHaveCountAsync(4);
        await BrowserSite.AssertAccessibleAsync(visitor);
        await Screenshots.TakeAsync(visitor, "matching-landing", culture, widths: Screenshots.PhoneAndDesktop);

        var leader = await SignInAsync("leader2", culture);
        foreach (var url in new[] { "/partners", "/partners/organisation", "/partners/organisation/assessment", "/partners/needs/new" })
        {
            await leader.GotoAsync(url);
            await Assertions.Expect(leader.Locator("main h1")).ToBeVisibleAsync();
            await BrowserSite.AssertAccessibleAsync(leader);
        }

        // A bad need (deadline in the past) comes back with the message and what was typed.
        await leader.Locator("#Form_Area").SelectOptionAsync("legal");
        await leader.Locator("#Form_Title").FillAsync("Kept title");
        await leader.Locator("#Form_Description").FillAsync("Kept description");
        await leader.Locator("#Form_Deadline").FillAsync("2020-01-01");
        await leader.Locator("#Form_Deadline").EvaluateAsync("e => e.removeAttribute('min')");
        await leader.Locator("main form[action='/partners/needs'] button[type=submit]").ClickAsync();
        await Assertions.Expect(leader.Locator(".error-summary")).ToBeVisibleAsync();
        await Assertions.Expect(leader.Locator("#Form_Title")).ToHaveValueAsync("Kept title");
        await BrowserSite.AssertAccessibleAsync(leader);

        var partner = await SignInAsync("partner5", culture);
        foreach (var url in new[] { "/partners", "/partners/profile", "/partners/suggestions" })
        {
            await partner.GotoAsync(url);
            await BrowserSite.AssertAccessibleAsync(partner);
        }

        var staff = await SignInAsync("staff", culture);
        foreach (var url in new[] { "/admin/partners/matches", "/admin/partners/matches?stage=Accepted", "/admin/partners/broker" })
        {
            await staff.GotoAsync(url);
            await BrowserSite.AssertAccessibleAsync(staff);
        }

        await staff.Locator("#needId").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await staff.Locator("main form[method=get] button[type=submit]").ClickAsync();
        await Assertions.Expect(staff.Locator("#partnerId")).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(staff);
        await Screenshots.TakeAsync(staff, "matching-broker", culture, widths: Screenshots.PhoneAndDesktop);
    }

    private async Task<IPage> SignInAsync(string userName, string culture)
    {
        var page = await site.NewPageAsync(culture);
        await page.GotoAsync("/account/sign-in?culture=" + culture);
        await page.Locator("#Login").FillAsync(userName);
        await page.Locator("#Password").FillAsync(BrowserSite.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await BrowserSite.WaitUntilSignedInAsync(page);
        await page.GotoAsync($"/preferences?culture={culture}&returnUrl=/");
        return page;
    }

    private async Task<MimeMessage> WaitForMailAsync(string to, string about, string contact)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var found = site.Mail.Messages().FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == to) && (m.Subject ?? "").Contains(about, StringComparison.Ordinal)
                && (m.TextBody ?? "").Contains(contact, StringComparison.Ordinal));
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"No introduction e-mail about {about} to {to} arrived within a minute.");
    }
}
