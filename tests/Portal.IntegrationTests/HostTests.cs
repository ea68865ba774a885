using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Data;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>The host's promises, on SQLite and on PostgreSQL alike.</summary>
public abstract class HostTests<TSite>(TSite site) : IClassFixture<TSite> where TSite : PortalSite
{
    protected TSite Site { get; } = site;

    [Fact]
    public async Task Health_answers_healthy()
    {
        using var client = Site.CreateBrowser();
        using var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Site_is_set_up_from_the_recipe_with_one_account_per_role()
    {
        using var scope = Site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        var names = await db.Users.Select(u => u.UserName).OrderBy(n => n).ToListAsync();
        Assert.Equal(["admin", "leader", "member", "mentor", "partner", "staff"], names);
        Assert.Equal("測試平台", scope.ServiceProvider.GetRequiredService<SiteSettingsStore>().Get(SiteSettingsStore.SiteNameZhKey));
    }

    [Fact]
    public async Task Pages_are_Traditional_Chinese_by_default_and_English_one_click_away()
    {
        using var client = Site.CreateBrowser();
        var zh = await HtmlForms.ReadAsync(client, "/error/404");
        Assert.Contains("lang=\"zh-HK\"", zh, StringComparison.Ordinal);
        Assert.Contains("找不到網頁", zh, StringComparison.Ordinal);

        // The language switch saves the choice and comes back to the page.
        var zhPage = HtmlForms.Parse(zh);
        var switchUrl = zhPage.QuerySelector("a.language-switch")!.GetAttribute("href")!;
        using (var switched = await client.GetAsync(switchUrl))
        {
            Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        }

        var en = await HtmlForms.ReadAsync(client, "/error/404");
        Assert.Contains("lang=\"en\"", en, StringComparison.Ordinal);
        Assert.Contains("Page not found", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_links_culture_shows_one_page_in_that_language_but_is_not_saved()
    {
        using var client = Site.CreateBrowser();
        var linked = await HtmlForms.ReadAsync(client, "/error/404?culture=en");
        Assert.Contains("lang=\"en\"", linked, StringComparison.Ordinal);

        // The next plain page is still in the person's language (here the default, Chinese).
        var next = await HtmlForms.ReadAsync(client, "/error/404");
        Assert.Contains("lang=\"zh-HK\"", next, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    public async Task Display_settings_return_only_to_a_local_address(string returnUrl)
    {
        using var client = Site.CreateBrowser();
        using var response = await client.GetAsync("/preferences?textSize=1&returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Anonymous_pages_can_be_cached_and_signed_in_pages_cannot()
    {
        using var client = Site.CreateBrowser();
        using var home = await client.GetAsync("/kb");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var cacheControl = home.Headers.CacheControl!;
        Assert.False(cacheControl.NoStore, $"an anonymous page was sent {cacheControl}");
        Assert.True(cacheControl.Private && cacheControl.MaxAge > TimeSpan.Zero, $"an anonymous page was sent {cacheControl}");
        Assert.Contains("Cookie", home.Headers.Vary);
        var html = HtmlForms.Parse(await home.Content.ReadAsStringAsync());
        Assert.Null(html.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.False(string.IsNullOrWhiteSpace(html.QuerySelector("meta[name=description]")?.GetAttribute("content")));

        using var member = await Site.SignInAsync("member");
        using var signedIn = await member.GetAsync("/kb");
        Assert.True(signedIn.Headers.CacheControl?.NoStore, "a signed-in page may be stored");
    }

    [Fact]
    public async Task Fingerprinted_theme_files_are_cached_for_a_year_and_there_is_a_favicon()
    {
        using var client = Site.CreateBrowser();
        var page = HtmlForms.Parse(await HtmlForms.ReadAsync(client, "/kb"));
        var sheet = page.QuerySelector("link[rel=stylesheet][href^='/themes/Default/styles/site.css?v=']")?.GetAttribute("href");
        Assert.NotNull(sheet);
        Assert.NotNull(page.QuerySelector("script[src^='/themes/Default/scripts/site.js?v=']"));
        using var css = await client.GetAsync(sheet);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal(TimeSpan.FromDays(365), css.Headers.CacheControl!.MaxAge);

        foreach (var icon in new[] { "/favicon.ico", "/favicon.svg" })
        {
            using var response = await client.GetAsync(icon);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.NotNull(page.QuerySelector("link[rel=icon][href^='/favicon.svg']"));
    }

    [Fact]
    public async Task Unknown_pages_get_a_friendly_404_with_security_headers()
    {
        using var client = Site.CreateBrowser();
        using var response = await client.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline' ; script", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("找不到網頁", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_size_and_contrast_choices_stick()
    {
        using var client = Site.CreateBrowser();
        var page = HtmlForms.Parse(await HtmlForms.ReadAsync(client, "/error/404"));
        Assert.Null(page.QuerySelector("form[action='/preferences']"));
        using var response = await client.GetAsync(page.QuerySelector("a[data-text-size='2']")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var after = HtmlForms.Parse(await HtmlForms.ReadAsync(client, "/error/404"));
        Assert.Contains("text-size-2", after.DocumentElement.ClassName, StringComparison.Ordinal);
        Assert.Equal("true", after.QuerySelector("a[data-text-size='2']")!.GetAttribute("aria-current"));

        using var contrast = await client.GetAsync(after.QuerySelector("a.contrast-switch")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.Redirect, contrast.StatusCode);
        var final = HtmlForms.Parse(await HtmlForms.ReadAsync(client, "/error/404"));
        Assert.Contains("contrast-high", final.DocumentElement.ClassName, StringComparison.Ordinal);
        Assert.Contains("text-size-2", final.DocumentElement.ClassName, StringComparison.Ordinal);
        Assert.NotNull(final.QuerySelector("link[href^='/themes/HighContrast/styles/contrast.css']"));
    }

    [Fact]
    public async Task Theme_stylesheets_are_served()
    {
        using var client = Site.CreateBrowser();
        using var response = await client.GetAsync("/themes/Default/styles/site.css");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("--brand", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forms_without_an_antiforgery_token_are_refused()
    {
        using var client = Site.CreateBrowser();
        using var response = await client.PostAsync("/preferences", new FormUrlEncodedContent(new Dictionary<string, string> { ["textSize"] = "2" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        // A field named like the error page's own parameter must not turn the 400 into a 500.
        foreach (var status in new[] { "Published", "1", "200" })
        {
            using var withStatus = await client.PostAsync("/preferences", new FormUrlEncodedContent(new Dictionary<string, string> { ["status"] = status }));
            Assert.Equal(HttpStatusCode.BadRequest, withStatus.StatusCode);
        }
    }

    [Fact]
    public async Task Running_the_same_recipe_twice_creates_no_duplicates()
    {
        var recipe = Path.Combine(AppContext.BaseDirectory, "recipes", "test.recipe.json");
        var executor = Site.Services.GetRequiredService<RecipeExecutor>();
        await executor.ExecuteAsync(recipe);
        await executor.ExecuteAsync(recipe);

        using var scope = Site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        Assert.Equal(6, await db.Users.CountAsync());
        Assert.Equal(6, await db.Roles.CountAsync());
        Assert.Equal(1, await db.SiteSettings.CountAsync(s => s.Key == SiteSettingsStore.SiteNameZhKey));
    }

    [Theory]
    [InlineData("bad-unknown-step.recipe.json", 2, "NoSuchStep")]
    [InlineData("bad-invalid-data.recipe.json", 2, "Users")]
    [InlineData("bad-json.recipe.json", null, null)]
    [InlineData("bad-missing-include.recipe.json", 1, "Recipes")]
    public async Task A_bad_recipe_stops_with_file_step_and_reason_and_changes_nothing(string file, int? step, string? stepName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "recipes", file);
        var executor = Site.Services.GetRequiredService<RecipeExecutor>();
        var settings = Site.Services.GetRequiredService<SiteSettingsStore>();
        var before = settings.Get(SiteSettingsStore.SiteNameEnKey);

        var error = await Assert.ThrowsAsync<RecipeException>(() => executor.ExecuteAsync(path));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Equal(step is null ? null : step - 1, error.StepIndex);
        Assert.Equal(stepName, error.StepName);
        Assert.False(string.IsNullOrWhiteSpace(error.Reason));
        // The first step of each bad recipe renames the site: it must not have run.
        Assert.Equal(before, settings.Get(SiteSettingsStore.SiteNameEnKey));
        using var scope = Site.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<HostDbContext>().Users.AnyAsync(u => u.UserName == "intruder"));
    }
}

public sealed class SqliteHostTests(PortalSite site) : HostTests<PortalSite>(site);

[Collection(PostgresCollection.Name)]
public sealed class PostgresHostTests(PostgresPortalSite site) : HostTests<PostgresPortalSite>(site);

/// <summary>Postgres test classes run one after another so the throwaway server is not overloaded.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection
{
    public const string Name = "PostgreSQL";
}
