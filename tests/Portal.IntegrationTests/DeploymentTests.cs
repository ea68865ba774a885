using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Identity;
using Portal.IntegrationTests.Infrastructure;
using Portal.Navigation;
using Portal.Notifications;

namespace Portal.IntegrationTests;

/// <summary>A site in the Production environment (secure cookies, so the client talks https to the test server).</summary>
public class ProductionSite(Dictionary<string, string?> settings) : PortalSite(settings)
{
    public CapturedNotifications Notifications { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.ConfigureTestServices(services => services.AddSingleton<INotificationPublisher>(Notifications));
    }

    public HttpClient CreateHttpsBrowser() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri("https://localhost"),
    });
}

public sealed class PublicBaseUrlTests
{
    [Fact]
    public void Outside_development_the_portal_refuses_to_start_without_a_public_base_url_and_says_what_to_set()
    {
        using var site = new ProductionSite(new() { ["Portal:PublicBaseUrl"] = string.Empty });
        var error = Assert.ThrowsAny<Exception>(() => site.CreateClient());
        Assert.Contains("Portal__PublicBaseUrl", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_public_base_url_stops_the_start_too()
    {
        using var site = new ProductionSite(new() { ["Portal:PublicBaseUrl"] = "portal.example.hk/path?x=1" });
        var error = Assert.ThrowsAny<Exception>(() => site.CreateClient());
        Assert.Contains("absolute http or https address", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task By_default_a_production_site_answers_only_its_public_host_name()
    {
        using var site = new ProductionSite(new() { ["Portal:PublicBaseUrl"] = "https://portal.example.hk" });
        using var client = site.CreateHttpsBrowser();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        using var forged = new HttpRequestMessage(HttpMethod.Get, "/account/forgot-password");
        forged.Headers.Host = "attacker.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(forged)).StatusCode);

        using var proper = new HttpRequestMessage(HttpMethod.Get, "/account/forgot-password");
        proper.Headers.Host = "portal.example.hk";
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(proper)).StatusCode);
    }

    /// <summary>Even with host filtering opened (<c>AllowedHosts=*</c>), a forged Host never reaches the link.</summary>
    [Fact]
    public async Task A_password_reset_requested_with_a_forged_host_header_links_to_the_public_base_url()
    {
        using var site = new ProductionSite(new()
        {
            ["Portal:PublicBaseUrl"] = "https://portal.example.hk/",
            ["AllowedHosts"] = "*",
        });
        using var client = site.CreateHttpsBrowser();
        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, "/account/forgot-password");
        pageRequest.Headers.Host = "attacker.example";
        using var pageResponse = await client.SendAsync(pageRequest);
        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
        var form = HtmlForms.FindForm(HtmlForms.Parse(await pageResponse.Content.ReadAsStringAsync()), "forgot-password");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/forgot-password")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "member@test.portal.hk", ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Host = "attacker.example";
        post.Headers.Add("X-Forwarded-Host", "attacker.example");
        using var response = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var member = await site.Services.CreateScope().ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByNameAsync("member");
        var sent = Assert.Single(site.Notifications.Of(AccountNotifier.ResetPasswordKind, member!.Id));
        Assert.StartsWith("https://portal.example.hk/account/reset-password?", sent.Data["link"], StringComparison.Ordinal);
        Assert.DoesNotContain("attacker", sent.Data["link"], StringComparison.Ordinal);
    }

    [Fact]
    public void Site_links_use_the_configured_address_without_a_trailing_slash()
    {
        using var site = new ProductionSite(new() { ["Portal:PublicBaseUrl"] = "https://portal.example.hk/" });
        _ = site.Server;
        var links = site.Services.GetRequiredService<ISiteLinks>();
        Assert.Equal("https://portal.example.hk", links.BaseUrl);
        Assert.Equal("https://portal.example.hk/kb/articles/x", links.Absolute("/kb/articles/x"));
        Assert.Equal("https://elsewhere.example/x", links.Absolute("https://elsewhere.example/x"));
    }
}

/// <summary>Rate limits run after authentication: signed-in people are counted by user id.</summary>
public sealed class RateLimitPartitionTests
{
    private sealed class DefaultLimitsSite() : PortalSite(new Dictionary<string, string?>
    {
        ["Portal:RateLimits:AnonymousSearchPerSecond"] = "1",
        ["Portal:RateLimits:AnonymousSearchBurst"] = "1",
        ["Portal:RateLimits:SignedInSearchPerSecond"] = "10",
        ["Portal:RateLimits:SignedInSearchBurst"] = "10",
        ["Portal:RateLimits:PostingIntervalSeconds"] = "5",
    });

    [Fact]
    public async Task The_search_page_is_limited_for_anonymous_visitors_but_signed_in_staff_are_counted_on_their_own()
    {
        using var site = new DefaultLimitsSite();
        using var anonymous = site.CreateBrowser();
        var anonymousStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await anonymous.GetAsync("/search?q=caregiver" + i);
            anonymousStatuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, anonymousStatuses);

        // Same address (the test server's), but signed in: the staff member's own allowance, not the address's.
        using var staff = await site.SignInAsync("staff");
        for (var i = 0; i < 5; i++)
        {
            using var response = await staff.GetAsync("/search?q=support" + i);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Creating_content_is_limited_to_one_post_per_interval_per_person()
    {
        using var site = new DefaultLimitsSite();
        using var staff = await site.SignInAsync("staff");
        var page = await HtmlForms.GetAsync(staff, "/admin/kb/new");
        var form = HtmlForms.FindForm(page, "/admin/kb/new");
        using var first = await HtmlForms.SubmitAsync(staff, form, _ => { });
        Assert.NotEqual(HttpStatusCode.TooManyRequests, first.StatusCode);
        using var second = await HtmlForms.SubmitAsync(staff, form, _ => { });
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);

        // Another person is not held up by the first one's post.
        using var admin = await site.SignInAsync("admin");
        var adminPage = await HtmlForms.GetAsync(admin, "/admin/kb/new");
        using var other = await HtmlForms.SubmitAsync(admin, HtmlForms.FindForm(adminPage, "/admin/kb/new"), _ => { });
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
    }
}

/// <summary><c>dotnet run</c> must not force Development over an environment the operator set.</summary>
public sealed class LaunchSettingsTests
{
    [Fact]
    public void The_default_launch_profile_lets_ASPNETCORE_ENVIRONMENT_win_and_a_production_profile_exists()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Portal.slnx")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(root.FullName, "src", "Portal", "Properties", "launchSettings.json")));
        var profiles = json.RootElement.GetProperty("profiles");

        // The first profile is what `dotnet run` uses: Development as a default the portal applies only when neither
        // ASPNETCORE_ENVIRONMENT nor DOTNET_ENVIRONMENT is set (a launch profile's variables override the shell's of
        // the same name, and DOTNET_ENVIRONMENT beats ASPNETCORE_ENVIRONMENT in a web host).
        var first = profiles.EnumerateObject().First().Value.GetProperty("environmentVariables");
        Assert.False(first.TryGetProperty("ASPNETCORE_ENVIRONMENT", out _), "the default profile sets ASPNETCORE_ENVIRONMENT and so hides the operator's");
        Assert.False(first.TryGetProperty("DOTNET_ENVIRONMENT", out _), "the default profile sets DOTNET_ENVIRONMENT and so hides the operator's");
        Assert.Equal("Development", first.GetProperty("PORTAL_LAUNCH_ENVIRONMENT").GetString());
        Assert.Equal("Production", profiles.GetProperty("Production").GetProperty("environmentVariables").GetProperty("ASPNETCORE_ENVIRONMENT").GetString());
    }
}
