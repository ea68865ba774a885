using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Academy.Tests;

/// <summary>
/// The real host with the academy module, on a fresh SQLite data folder set up from the academy's demo recipe.
/// People sign in with a test header (<c>X-Test-User: id|Role,Role</c>) because the host's account pages are
/// not part of this module; everything else (routes, antiforgery, localization, permissions) is the real thing.
/// </summary>
public sealed class AcademyWebSite : WebApplicationFactory<Program>
{
    public const string TestScheme = "AcademyTest";
    private readonly string _dataDir = Directory.CreateTempSubdirectory("academy-web-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Portal:DataDir"] = _dataDir,
            ["Portal:SetupRecipe"] = Path.Combine(AppContext.BaseDirectory, "recipes", "academy-web.recipe.json"),
            ["Portal:DemoPassword"] = "Test-Password-for-Portal-2026",
            ["Portal:PublicBaseUrl"] = "https://portal.example.hk",
            ["Portal:RateLimits:PostingIntervalSeconds"] = "0",
            ["Portal:RequireStaffTwoFactor"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(settings));
        builder.ConfigureTestServices(services =>
        {
            services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderAuthHandler>(TestScheme, _ => { });
            services.PostConfigure<AuthenticationOptions>(o =>
            {
                o.DefaultScheme = TestScheme;
                o.DefaultAuthenticateScheme = TestScheme;
                o.DefaultChallengeScheme = TestScheme;
                o.DefaultForbidScheme = TestScheme;
            });
        });
    }

    public HttpClient Browser(string? user = null, string roles = "Member")
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add("X-Test-User", user + "|" + roles);
        }

        return client;
    }

    /// <summary>A client signed in as an account the test recipe created.</summary>
    public async Task<HttpClient> BrowserForAsync(string userName, string roles = "Member")
    {
        _ = Server;
        using var scope = Services.CreateScope();
        var person = await scope.ServiceProvider.GetRequiredService<Portal.People.IPersonDirectory>().FindByUserNameAsync(userName)
            ?? throw new InvalidOperationException("No account " + userName);
        return Browser(person.UserId, roles);
    }

    public static string Token(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

    /// <summary>GETs the page holding a form, then posts the form's antiforgery token with the fields.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetStringAsync(pageUrl);
        // The token must be inside the form that posts to the action (as a browser would send it).
        var start = page.IndexOf("action=\"" + action.Split('?')[0] + "\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No form posting to {action} on {pageUrl}");
        var end = page.IndexOf("</form>", start, StringComparison.Ordinal);
        var token = Token(page[start..end]);
        Assert.False(string.IsNullOrEmpty(token), $"The form posting to {action} on {pageUrl} has no antiforgery token");
        var all = fields.Append(new("__RequestVerificationToken", token));
        return await client.PostAsync(action, new FormUrlEncodedContent(all));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_dataDir, recursive: true);
            }
            catch (IOException)
            {
                // Still open on a slow shutdown: the OS cleans temp folders.
            }
        }
    }

    private sealed class HeaderAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers["X-Test-User"].ToString();
            if (string.IsNullOrEmpty(header))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var parts = header.Split('|');
            var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, parts[0]), new(ClaimTypes.Name, parts[0]) };
            claims.AddRange(parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => new Claim(ClaimTypes.Role, r)));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, TestScheme));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, TestScheme)));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            Response.StatusCode = (int)HttpStatusCode.Unauthorized;
            return Task.CompletedTask;
        }

        protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        {
            Response.StatusCode = (int)HttpStatusCode.Forbidden;
            return Task.CompletedTask;
        }
    }
}
