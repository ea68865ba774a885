using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Data;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>A site set up from the real demo recipe (content-recipes/default.recipe.json) with notice version 2027-02.</summary>
public sealed class DemoNoticeSite : DemoSite
{
    public const string Version = "2027-02";

    public DemoNoticeSite()
        : base(new Dictionary<string, string?> { ["Portal:Privacy:NoticeVersion"] = Version })
    {
    }
}

/// <summary>
/// Demo accounts start on the current privacy notice (issue 18): every account the demo recipe makes (the role
/// accounts and the mentoring, forum and matching people) has accepted the site's current version when it was made,
/// so signing in as a demo user goes straight to the page asked for, not to the re-consent page.
/// </summary>
public sealed class DemoAccountsNoticeTests(DemoNoticeSite site) : IClassFixture<DemoNoticeSite>
{
    [Fact]
    public async Task Every_demo_account_has_accepted_the_current_notice_and_signs_in_without_the_re_consent_page()
    {
        _ = site.CreateClient();
        List<(string UserName, string? Version, DateTimeOffset? Accepted, DateTimeOffset Created)> demo;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var users = await scope.ServiceProvider.GetRequiredService<HostDbContext>().Users.AsNoTracking()
                .Where(u => u.IsDemo).ToListAsync();
            demo = [.. users.Select(u => (u.UserName!, u.PrivacyNoticeVersion, u.PrivacyNoticeAcceptedUtc, u.CreatedUtc))];
        }

        // The role accounts and the people of the mentoring, forum and matching recipes.
        Assert.True(demo.Count > 10, $"only {demo.Count} demo accounts");
        foreach (var name in new[] { "admin", "staff", "leader", "mentor", "member", "partner", "mentee2" })
        {
            Assert.Contains(demo, d => d.UserName == name);
        }

        Assert.All(demo, d =>
        {
            Assert.Equal(DemoNoticeSite.Version, d.Version);
            Assert.Equal(d.Created, d.Accepted);
        });

        foreach (var name in new[] { "member", "mentee2" })
        {
            using var client = site.CreateBrowser();
            var page = await HtmlForms.GetAsync(client, "/account/sign-in?returnUrl=%2Fkb");
            var form = HtmlForms.FindForm(page, "sign-in");
            using var signedIn = await HtmlForms.SubmitAsync(client, form, f =>
            {
                f[HtmlForms.FieldLike(form, "user", "email", "login")] = name;
                f[HtmlForms.FieldOfType(form, "password")] = PortalSite.Password;
            });
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Equal("/kb", signedIn.Headers.Location?.OriginalString);
            using var notice = await client.GetAsync("/account/privacy-notice?returnUrl=%2Fkb");
            Assert.Equal("/kb", notice.Headers.Location?.OriginalString);
        }
    }
}
