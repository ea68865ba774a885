using System.Net;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>The real flow through Debian's nginx in front of a Production portal (issue: behind a TLS-terminating
/// proxy every page was a 500, HSTS was never sent and rate limits counted the proxy).</summary>
public sealed class ReverseProxyTests(ProxiedPortal site) : IClassFixture<ProxiedPortal>
{
    [Fact]
    public async Task Signing_in_through_the_proxy_works_with_antiforgery_secure_cookies_and_hsts()
    {
        using var client = site.CreateClient("203.0.113.10");
        using var page = await client.GetAsync("/account/sign-in");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var hsts = Assert.Single(page.Headers.GetValues("Strict-Transport-Security"));
        Assert.Contains("max-age=31536000", hsts, StringComparison.Ordinal);
        Assert.Contains("includeSubDomains", hsts, StringComparison.Ordinal);
        Assert.Contains("__Host-portal.af", client.Cookies.Keys);

        var form = HtmlForms.FindForm(HtmlForms.Parse(await page.Content.ReadAsStringAsync()), "sign-in");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var signIn = await client.PostAsync("/account/sign-in", new Dictionary<string, string>
        {
            ["Login"] = "member",
            ["Password"] = PortalSite.Password,
            ["__RequestVerificationToken"] = token,
        });
        Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"{(int)signIn.StatusCode}: {await signIn.Content.ReadAsStringAsync()}\n{site.PortalOutput}");
        Assert.Contains("__Host-portal.auth", client.Cookies.Keys);

        using var account = await client.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        Assert.Contains("測試會員", await account.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_clients_behind_the_proxy_are_rate_limited_separately()
    {
        using var first = site.CreateClient("198.51.100.21");
        using var second = site.CreateClient("198.51.100.22");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= site.SignInPerMinute; i++)
        {
            statuses.Add(await WrongSignInAsync(first, i));
        }

        Assert.All(statuses.Take(site.SignInPerMinute), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);

        // The proxy's address is the same for both: the second client still has its own allowance.
        Assert.Equal(HttpStatusCode.OK, await WrongSignInAsync(second, 0));
    }

    [Fact]
    public async Task The_portal_does_not_name_its_server()
    {
        using var direct = site.CreateDirectClient();
        using var response = await direct.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"), "Kestrel sent a Server header");
    }

    private static async Task<HttpStatusCode> WrongSignInAsync(ProxyClient client, int attempt)
    {
        using var page = await client.GetAsync("/account/sign-in");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var form = HtmlForms.FindForm(HtmlForms.Parse(await page.Content.ReadAsStringAsync()), "sign-in");
        using var response = await client.PostAsync("/account/sign-in", new Dictionary<string, string>
        {
            ["Login"] = "nobody-" + attempt,
            ["Password"] = "wrong password " + attempt,
            ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        });
        return response.StatusCode;
    }
}
