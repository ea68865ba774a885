using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Data;
using Portal.Hosting.Identity;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>A site whose privacy notice is at version 2027-01 (set in configuration, as an organisation would).</summary>
public sealed class ConsentSite : PortalSite
{
    public const string Version = "2027-01";

    public ConsentSite()
        : base(new Dictionary<string, string?> { ["Portal:Privacy:NoticeVersion"] = Version })
    {
    }
}

/// <summary>
/// Consent and notices (issue 18): registration states the purpose of collection in the reader's language, links the
/// privacy notice and the terms, and records the version accepted; a changed notice is shown again at the next sign-in
/// until the person accepts it; the footer links the terms.
/// </summary>
public sealed class PrivacyConsentTests(ConsentSite site) : IClassFixture<ConsentSite>
{
    [Fact]
    public async Task Registration_states_the_purpose_links_the_notice_and_terms_and_records_the_version()
    {
        using var client = site.CreateBrowser();
        var zh = await HtmlForms.GetAsync(client, "/account/register?culture=zh-HK");
        Assert.Contains("我們如何使用你的個人資料", zh.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("建立帳戶即表示你確認已閱讀私隱政策，並同意使用條款。", zh.Body.TextContent, StringComparison.Ordinal);
        var page = await HtmlForms.GetAsync(client, "/account/register?culture=en");
        Assert.Contains("How we use your personal data", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("main a[href='/pages/privacy']"));
        Assert.NotNull(page.QuerySelector("main a[href='/pages/terms']"));
        Assert.Contains("Privacy notice (version 2027-01)", page.Body.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("footer a[href='/pages/terms']"));

        var email = "consent." + Guid.NewGuid().ToString("N")[..6] + "@example.hk";
        using var response = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(page, "register"), f =>
        {
            f["DisplayName"] = "新會員";
            f["Email"] = email;
            f["Password"] = "harbour lantern tea garden";
            f["ConfirmPassword"] = "harbour lantern tea garden";
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var user = await UserAsync(u => u.Email == email);
        Assert.Equal(ConsentSite.Version, user.PrivacyNoticeVersion);
        Assert.Equal(user.CreatedUtc, user.PrivacyNoticeAcceptedUtc);
    }

    [Fact]
    public async Task A_changed_notice_is_shown_at_the_next_sign_in_until_the_person_accepts_it()
    {
        await using (var scope = site.Services.CreateAsyncScope())
        {
            _ = site.CreateClient();
            var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
            await db.Users.Where(u => u.UserName == "leader").ExecuteUpdateAsync(s => s.SetProperty(u => u.PrivacyNoticeVersion, "2026-06"));
        }

        using var client = site.CreateBrowser();
        var signIn = await HtmlForms.GetAsync(client, "/account/sign-in?returnUrl=%2Fkb");
        using var signedIn = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(signIn, "sign-in"), f =>
        {
            f[HtmlForms.FieldLike(HtmlForms.FindForm(signIn, "sign-in"), "user", "email", "login")] = "leader";
            f[HtmlForms.FieldOfType(HtmlForms.FindForm(signIn, "sign-in"), "password")] = PortalSite.Password;
        });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/account/privacy-notice?returnUrl=%2Fkb", signedIn.Headers.Location?.OriginalString);

        var notice = await HtmlForms.GetAsync(client, "/account/privacy-notice?returnUrl=%2Fkb&culture=en");
        Assert.Contains("We have changed how we explain the use of your personal data", notice.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(notice.QuerySelector("main a[href='/pages/privacy']"));
        using var accepted = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(notice, "/account/privacy-notice"), _ => { });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/kb", accepted.Headers.Location?.OriginalString);
        var leader = await UserAsync(u => u.UserName == "leader");
        Assert.Equal(ConsentSite.Version, leader.PrivacyNoticeVersion);
        Assert.NotNull(leader.PrivacyNoticeAcceptedUtc);

        // Accepted: the page now just continues, and the next sign-in goes straight on.
        using var again = await client.GetAsync("/account/privacy-notice?returnUrl=%2Fkb");
        Assert.Equal("/kb", again.Headers.Location?.OriginalString);
        using var other = site.CreateBrowser();
        var page = await HtmlForms.GetAsync(other, "/account/sign-in");
        var form = HtmlForms.FindForm(page, "sign-in");
        using var next = await HtmlForms.SubmitAsync(other, form, f =>
        {
            f[HtmlForms.FieldLike(form, "user", "email", "login")] = "leader";
            f[HtmlForms.FieldOfType(form, "password")] = PortalSite.Password;
        });
        Assert.Equal("/", next.Headers.Location?.OriginalString);
    }

    private async Task<PortalUser> UserAsync(System.Linq.Expressions.Expression<Func<PortalUser, bool>> match)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HostDbContext>().Users.AsNoTracking().SingleAsync(match);
    }
}
