using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>
/// The demo site (default recipe) served by Kestrel on 127.0.0.1 in a temporary data folder, and Debian's Chromium
/// driven by Playwright. One per test class; every test opens its own browser context (own cookies). The main flows
/// end with <see cref="AssertNoPersonalDataLogged"/>: the site's whole log so far holds no personal data.
/// </summary>
public sealed class BrowserSite : IAsyncLifetime, IDisposable
{
    public const string Password = "Browser-Test-Password-2026";

    private readonly PortalFactory _factory;
    private readonly int _port;
    private IPlaywright? _playwright;

    public BrowserSite()
    {
        DataDir = Directory.CreateTempSubdirectory("portal-browser-").FullName;
        Mail = new Portal.Notifications.Tests.SmtpTestServer();
        _port = FreePort();
        _factory = new PortalFactory(DataDir, Mail.Port, $"http://127.0.0.1:{_port}", Log);
    }

    /// <summary>The real SMTP server the site sends through.</summary>
    internal Portal.Notifications.Tests.SmtpTestServer Mail { get; }

    public string DataDir { get; }

    /// <summary>Every line the site logged (Information and above).</summary>
    internal PersonalDataLogScan Log { get; } = new();

    public string BaseUrl { get; private set; } = string.Empty;

    public IBrowser Browser { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;

    public async Task InitializeAsync()
    {
        _factory.UseKestrel(_port);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUrl = addresses.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
    }

    public async Task<IPage> NewPageAsync(string culture = "zh-HK")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = culture, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        // A page load (the first sign-in hashes a password and renders the first pages) may take longer while the
        // shared machine runs other test projects beside this one; what the tests expect to see keeps 15 s.
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>No line the site has logged so far (Information and above) carries a person's e-mail address, a
    /// protected token, a password or the full name of anyone with an account (<see cref="PersonalDataLogScan"/>).</summary>
    public void AssertNoPersonalDataLogged()
    {
        Assert.True(Log.Count > 0, "the site logged nothing: the scan is not wired");
        using var scope = Services.CreateScope();
        var names = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Hosting.Identity.PortalUser>>()
            .Users.Select(u => u.DisplayName).ToList();
        Assert.NotEmpty(names);
        var findings = Log.Findings(Password, names);
        Assert.True(findings.Count == 0, $"The site logged personal data or secrets ({findings.Count} of {Log.Count} lines):\n{string.Join('\n', findings.Take(5))}");
    }

    /// <summary>
    /// After the sign-in form is sent: waits (up to a minute, for a busy CI machine) until the browser has left the
    /// sign-in page. If it has not, the failure says where the browser is and what the page shows (an error message, a
    /// lockout), not only that time ran out. Leaving is the navigation's commit, not the next page's load event: in CI
    /// the browser was once on the next page, signed in and showing it, with its load event still not fired a minute
    /// later; the steps after this wait for what they need on the page themselves.
    /// </summary>
    public static async Task WaitUntilSignedInAsync(IPage page)
    {
        try
        {
            await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal),
                new() { Timeout = 60_000, WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException timeout)
        {
            var shown = await page.Locator("main").InnerTextAsync(new() { Timeout = 5_000 });
            throw new TimeoutException($"Still on {page.Url} 60 s after sending the sign-in form; the page shows: {shown}", timeout);
        }
    }

    /// <summary>Runs axe (WCAG 2.0/2.1/2.2 A and AA rules) and fails with a readable list of violations.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
        });
        var violations = result.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")
            .ToList();
        Assert.True(violations.Count == 0, $"axe found violations on {page.Url}:\n{string.Join('\n', violations)}");
    }

    public void Dispose()
    {
        _factory.Dispose();
        Mail.Dispose();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await _factory.DisposeAsync();
        Mail.Dispose();

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS.
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class PortalFactory(string dataDir, int smtpPort, string publicBaseUrl, PersonalDataLogScan log) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseStaticWebAssets();
            builder.UseSetting("Portal:DataDir", dataDir);
            builder.UseSetting("Portal:DemoPassword", Password);
            builder.UseSetting("Portal:RateLimits:SignInPerMinute", "10000");
            builder.UseSetting("Portal:RateLimits:RegistrationsPerHour", "10000");
            builder.UseSetting("Portal:RateLimits:AnonymousSearchPerSecond", "10000");
            builder.UseSetting("Portal:RateLimits:SignedInSearchPerSecond", "10000");
            builder.UseSetting("Portal:RateLimits:PostingIntervalSeconds", "0");
            builder.UseSetting("Portal:RequireStaffTwoFactor", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("urls", publicBaseUrl);
            builder.UseSetting("Portal:PublicBaseUrl", publicBaseUrl);
            builder.UseSetting("Portal:Smtp:Host", "127.0.0.1");
            builder.UseSetting("Portal:Smtp:Port", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Portal:Smtp:Security", "None");
            builder.UseSetting("Portal:Smtp:From", "自助組織平台 <no-reply@portal.test>");
            builder.UseSetting("Portal:Notifications:PollInterval", "00:00:01");
            // The console stays at Warning; the scan reads everything from Information up, as a production log has it.
            builder.ConfigureLogging(logging => logging.AddProvider(log).AddFilter<PersonalDataLogScan>(null, LogLevel.Information));
        }
    }
}
