using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh portal in its own temporary data folder, set up from a test recipe on first start. Each test class
/// gets its own site (xunit class fixture), so tests never see another class's data.
/// </summary>
public class PortalSite : WebApplicationFactory<Program>
{
    public const string Password = "Test-Password-for-Portal-2026";

    private readonly Dictionary<string, string?> _settings;

    public PortalSite()
        : this(new Dictionary<string, string?>())
    {
    }

    protected PortalSite(Dictionary<string, string?> settings)
    {
        DataDir = Directory.CreateTempSubdirectory("portal-test-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["Portal:DataDir"] = DataDir,
            ["Portal:SetupRecipe"] = Path.Combine(AppContext.BaseDirectory, "recipes", "test.recipe.json"),
            ["Portal:DemoPassword"] = Password,
            ["Portal:PublicBaseUrl"] = "http://localhost",
            ["Portal:RateLimits:SignInPerMinute"] = "10000",
            ["Portal:RateLimits:RegistrationsPerHour"] = "10000",
            ["Portal:RateLimits:PostingIntervalSeconds"] = "0",
            ["Portal:RateLimits:AnonymousSearchPerSecond"] = "10000",
            ["Portal:RateLimits:SignedInSearchPerSecond"] = "10000",
            ["Portal:RequireStaffTwoFactor"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    public string DataDir { get; }

    /// <summary>The errors this site logged (shown by assertions on a 500).</summary>
    public ErrorLog Errors { get; } = new();

    public virtual string Provider => "Sqlite";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Errors));
    }

    /// <summary>A browser-like client: cookies kept, redirects not followed (tests look at them).</summary>
    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = ClientOptions.BaseAddress, AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the real sign-in form and returns the signed-in client.</summary>
    public async Task<HttpClient> SignInAsync(string userName)
    {
        var client = CreateBrowser();
        var page = await HtmlForms.GetAsync(client, "/account/sign-in");
        var form = HtmlForms.FindForm(page, "sign-in");
        var response = await HtmlForms.SubmitAsync(client, form, fields =>
        {
            fields[HtmlForms.FieldLike(form, "user", "email", "login")] = userName;
            fields[HtmlForms.FieldOfType(form, "password")] = Password;
        });
        if (response.StatusCode != HttpStatusCode.Redirect && response.StatusCode != HttpStatusCode.Found)
        {
            throw new InvalidOperationException($"Sign-in as {userName} failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return client;
    }

    /// <summary>Signs in as <see cref="SignInAsync(string)"/> does, then chooses the language as the person would.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string culture)
    {
        var client = await SignInAsync(userName);
        await ChooseLanguageAsync(client, culture);
        return client;
    }

    /// <summary>Chooses the language with the language switch (/preferences), which saves it for the person: a
    /// page's ?culture= is not saved, and forms post without it.</summary>
    public async Task ChooseLanguageAsync(HttpClient client, string culture)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync($"/preferences?culture={Uri.EscapeDataString(culture)}&returnUrl=/");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Provider == "Postgres")
            {
                // A finished site's idle connections would stay open until the pool prunes them; with many PostgreSQL
                // sites in one run they add up to the server's connection limit ("too many clients": a 503 elsewhere).
                Npgsql.NpgsqlConnection.ClearAllPools();
            }
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on a slow shutdown: the temp folder is cleaned by the OS.
            }
        }
    }
}

/// <summary>The same site on a real PostgreSQL server (a throwaway cluster on 127.0.0.1).</summary>
public sealed class PostgresPortalSite : PortalSite
{
    public PostgresPortalSite()
        : base(new Dictionary<string, string?>
        {
            ["Portal:Database:Provider"] = "Postgres",
            ["ConnectionStrings:Portal"] = PostgresServer.Instance.CreateDatabase(),
        })
    {
    }

    public override string Provider => "Postgres";
}
