using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>A portal served by real Kestrel (header and request checks as in production) that keeps its warnings.</summary>
public sealed class KestrelPortalSite : PortalSite
{
    public ConcurrentQueue<string> Warnings { get; } = new();

    public KestrelPortalSite()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        UseKestrel(port);
        ClientOptions.BaseAddress = new Uri($"http://localhost:{port}");
    }

    /// <summary>A client over real HTTP that keeps cookies and does not follow redirects.</summary>
    public HttpClient NewBrowser() => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = ClientOptions.BaseAddress,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(new WarningLog(Warnings)));
    }

    private sealed class WarningLog(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception?.GetType().Name}");
            }
        }
    }
}

/// <summary>
/// Malformed requests a fuzz once turned into 500s (issue 17): each now gets 400 or 413 with the localized error page
/// in the person's language and a log line, never a 500. Served by real Kestrel, which checks response headers.
/// </summary>
public sealed class BadInputTests : IClassFixture<KestrelPortalSite>
{
    private const string ZhBadRequest = "未能讀取送出的內容";
    private const string EnBadRequest = "We could not read what was sent";
    private readonly KestrelPortalSite _site;

    public BadInputTests(KestrelPortalSite site)
    {
        _site = site;
        site.StartServer();
    }

    public static TheoryData<string, string> Cultures => new() { { "zh-HK", ZhBadRequest }, { "en", EnBadRequest } };

    private async Task<(HttpClient Client, string Token)> FormPageAsync(string culture, bool signedIn = false)
    {
        var client = signedIn ? await _site.SignInAsync("staff") : _site.CreateBrowser();
        var page = await HtmlForms.GetAsync(client, $"/account/sign-in?culture={culture}");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return (client, token);
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, string expectedText, params int[] statuses)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(statuses.Contains((int)response.StatusCode), $"{(int)response.StatusCode} instead of {string.Join("/", statuses)}:\n{body[..Math.Min(body.Length, 400)]}\n{_site.Errors.Recent()}");
        Assert.Contains(expectedText, body, StringComparison.Ordinal);
        Assert.Contains(_site.Warnings, line => line.Contains($"with {(int)response.StatusCode}", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public async Task More_than_1024_form_fields_is_a_400_page(string culture, string expected)
    {
        var (client, token) = await FormPageAsync(culture);
        var fields = Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>($"f{i}", "x")).Prepend(new("__RequestVerificationToken", token));
        using var response = await client.PostAsync($"/account/sign-in?culture={culture}", new FormUrlEncodedContent(fields));
        await AssertRefusedAsync(response, expected, 400, 413);
    }

    [Theory]
    [InlineData("zh-HK", "返回剛才的頁面")]
    [InlineData("en", "Go back to the page you were on")]
    public async Task The_400_page_links_back_to_the_form_of_this_site_it_came_from_and_nowhere_else(string culture, string backText)
    {
        var (client, token) = await FormPageAsync(culture);
        var form = $"/account/sign-in?culture={culture}";
        var fields = Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>($"f{i}", "x")).Prepend(new("__RequestVerificationToken", token)).ToList();
        async Task<AngleSharp.Dom.IDocument> PostFromAsync(string referer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, form) { Content = new FormUrlEncodedContent(fields) };
            request.Headers.Referrer = new Uri(referer);
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.RequestEntityTooLarge, $"{(int)response.StatusCode}");
            return new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        }

        var fromHere = await PostFromAsync(new Uri(client.BaseAddress!, form).ToString());
        var back = fromHere.QuerySelectorAll("main a.button").FirstOrDefault(a => a.TextContent.Trim() == backText);
        Assert.NotNull(back);
        Assert.Equal(form, back.GetAttribute("href"));

        var fromElsewhere = await PostFromAsync("https://example.org" + form);
        Assert.DoesNotContain(fromElsewhere.QuerySelectorAll("main a"), a => a.TextContent.Trim() == backText);
        Assert.All(fromElsewhere.QuerySelectorAll("main a"), a => Assert.DoesNotContain("example.org", a.GetAttribute("href") ?? "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/form-data; boundary=")]
    [InlineData("multipart/form-data; boundary=abc")]
    [InlineData("multipart/form-data; boundary=\"" + "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890" + "\"")]
    [InlineData("application/x-www-form-urlencoded; charset=utf-7")]
    [InlineData("application/x-www-form-urlencoded; charset=no-such-charset")]
    public async Task A_body_that_cannot_be_read_as_a_form_is_a_400_page(string contentType)
    {
        foreach (var (culture, expected) in new[] { ("zh-HK", ZhBadRequest), ("en", EnBadRequest) })
        {
            var (client, _) = await FormPageAsync(culture);
            using var content = new ByteArrayContent(Encoding.ASCII.GetBytes("--abc\r\nContent-Disposition: form-data; name=\"Login\"\r\n\r\n+AGEAYgBj-\r\n--ab"));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            using var response = await client.PostAsync($"/account/sign-in?culture={culture}", content);
            await AssertRefusedAsync(response, expected, 400, 413);
        }
    }

    [Fact]
    public async Task A_binary_body_is_refused_or_read_never_a_500()
    {
        var (client, token) = await FormPageAsync("en");
        var random = new Random(17);
        foreach (var type in new[] { "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/octet-stream", "application/json" })
        {
            var bytes = new byte[4096];
            random.NextBytes(bytes);
            using var content = new ByteArrayContent(bytes);
            content.Headers.TryAddWithoutValidation("Content-Type", type);
            using var response = await client.PostAsync("/account/sign-in?culture=en", content);
            Assert.True((int)response.StatusCode is 400 or 413 or 415, $"{type}: {(int)response.StatusCode}\n{_site.Errors.Recent()}");
        }

        Assert.NotNull(token);
    }

    [Fact]
    public async Task A_bracket_in_a_field_name_is_never_a_500()
    {
        var (client, token) = await FormPageAsync("en");
        foreach (var name in new[] { "[", "Login[", "[Login]", "Login[0", "Login]]", "[0][", "Login.", ".Login", "Login[9999999999999999999]" })
        {
            using var response = await client.PostAsync("/account/sign-in?culture=en", new FormUrlEncodedContent(
                [new("__RequestVerificationToken", token), new(name, "x"), new("Login", "someone"), new("Password", "wrong-password-1")]));
            Assert.True((int)response.StatusCode < 500, $"field '{name}': {(int)response.StatusCode}\n{_site.Errors.Recent()}");
        }
    }

    [Theory]
    [InlineData("/certificates/verify/%20")]
    [InlineData("/certificates/verify/%20%20%20")]
    [InlineData("/certificates/verify/%E2%80%AE")]
    [InlineData("/certificates/verify/..%2F..%2F")]
    [InlineData("/kb/articles/%20")]
    [InlineData("/pages/%20")]
    public async Task Odd_route_values_are_never_a_500(string path)
    {
        using var client = _site.CreateBrowser();
        using var response = await client.GetAsync(path);
        Assert.True((int)response.StatusCode is >= 200 and < 500, $"{path}: {(int)response.StatusCode}\n{_site.Errors.Recent()}");
    }

    [Theory]
    [InlineData("/search?q=%00")]
    [InlineData("/kb?tag=a%00b")]
    [InlineData("/account/sign-in?returnUrl=%2F%00")]
    public async Task A_nul_in_the_address_is_a_400_page(string path)
    {
        using var client = _site.CreateBrowser();
        using var response = await client.GetAsync(path + "&culture=zh-HK");
        await AssertRefusedAsync(response, ZhBadRequest, 400);
    }

    [Fact]
    public async Task Bidi_controls_are_taken_out_of_form_values()
    {
        using var client = _site.CreateBrowser();
        var page = await HtmlForms.GetAsync(client, "/account/register?culture=en");
        var form = HtmlForms.FindForm(page, "/account/register");
        var email = $"bidi{Guid.NewGuid():N}@example.hk";
        using var response = await HtmlForms.SubmitAsync(client, form, f =>
        {
            f[HtmlForms.FieldLike(form, "DisplayName")] = "Chan Tai\u202E Man\u2066\u0007";
            f[HtmlForms.FieldLike(form, "Email")] = email;
            f[HtmlForms.FieldOfType(form, "password")] = "A long enough passphrase 2026";
            foreach (var confirm in f.Keys.Where(k => k.Contains("Confirm", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                f[confirm] = "A long enough passphrase 2026";
            }
        });
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}\n{_site.Errors.Recent()}");

        using var scope = _site.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Hosting.Identity.PortalUser>>();
        var user = await users.FindByEmailAsync(email);
        Assert.True(user is not null, await response.Content.ReadAsStringAsync());
        Assert.Equal("Chan Tai Man", user!.DisplayName);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data")]
    public async Task A_nul_in_a_form_value_is_refused_or_removed_never_stored(string encoding)
    {
        using var client = _site.CreateBrowser();
        var page = await HtmlForms.GetAsync(client, "/account/register?culture=en");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var email = $"nul{Guid.NewGuid():N}@example.hk";
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["DisplayName"] = "Chan\0 Tai Man",
            ["Email"] = email,
            ["UserName"] = "nul\0" + Guid.NewGuid().ToString("N")[..8],
            ["Password"] = "A long enough passphrase 2026",
            ["ConfirmPassword"] = "A long enough passphrase 2026",
            ["Culture"] = "en",
        };
        HttpContent content = encoding.StartsWith("multipart", StringComparison.Ordinal)
            ? fields.Aggregate(new MultipartFormDataContent(), (m, f) => { m.Add(new StringContent(f.Value), f.Key); return m; })
            : new FormUrlEncodedContent(fields);
        using var response = await client.PostAsync("/account/register?culture=en", content);
        var status = (int)response.StatusCode;
        Assert.True(status is 200 or 400, $"{status}\n{_site.Errors.Recent()}");

        using var scope = _site.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Hosting.Identity.PortalUser>>();
        var user = await users.FindByEmailAsync(email);
        if (status == 400)
        {
            // ASP.NET Core's form reader refuses a NUL in a URL-encoded body: the error page in the person's
            // language, a log line, and no account.
            await AssertRefusedAsync(response, EnBadRequest, 400);
            Assert.Null(user);
        }
        else
        {
            Assert.NotNull(user);
            Assert.Equal("Chan Tai Man", user!.DisplayName);
            Assert.DoesNotContain('\0', user.UserName!);
        }
    }

    [Theory]
    [InlineData("\uFFFF\uFFFE")]
    [InlineData("a\uD800b")]
    [InlineData("\uFDD0staff")]
    public async Task Noncharacters_and_lone_surrogates_in_a_sign_in_re_show_the_form_not_a_500(string login)
    {
        var (client, token) = await FormPageAsync("en");
        using var response = await client.PostAsync("/account/sign-in?culture=en", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("Login", login), new("Password", "not the password 2026")]));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}\n{_site.Errors.Recent()}");
        Assert.NotNull(HtmlForms.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("form[action='/account/sign-in'] input[type=password]"));
    }

    [Fact]
    public async Task A_check_box_posted_with_a_value_that_is_no_boolean_re_shows_the_form()
    {
        using var client = _site.NewBrowser();
        var page = await HtmlForms.GetAsync(client, "/account/sign-in?culture=en");
        var form = HtmlForms.FindForm(page, "/account/sign-in");
        using (await HtmlForms.SubmitAsync(client, form, f =>
        {
            f[HtmlForms.FieldLike(form, "login")] = "staff";
            f[HtmlForms.FieldOfType(form, "password")] = PortalSite.Password;
        }))
        {
        }

        var editor = await HtmlForms.GetAsync(client, "/admin/kb/new?culture=en");
        var articleForm = HtmlForms.FindForm(editor, "/admin/kb/new");
        using var response = await HtmlForms.SubmitAsync(client, articleForm, f =>
        {
            f[HtmlForms.FieldLike(articleForm, "MembersOnly")] = "xx-XX";
            f[HtmlForms.FieldLike(articleForm, "Title")] = string.Empty; // invalid, so the form is shown again
        });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}\n{_site.Errors.Recent()}");
        Assert.NotNull(HtmlForms.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("input[type=checkbox][name$=MembersOnly]"));
    }

    [Fact]
    public async Task Sign_in_with_a_non_ascii_return_address_lands_there()
    {
        using var client = _site.NewBrowser();
        var page = await HtmlForms.GetAsync(client, "/account/sign-in?ReturnUrl=" + Uri.EscapeDataString("/kb?tag=照顧者"));
        var form = HtmlForms.FindForm(page, "sign-in");
        using var response = await HtmlForms.SubmitAsync(client, form, fields =>
        {
            fields[HtmlForms.FieldLike(form, "user", "email", "login")] = "member";
            fields[HtmlForms.FieldOfType(form, "password")] = PortalSite.Password;
        });
        Assert.True(response.StatusCode == HttpStatusCode.Found, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.OriginalString;
        Assert.True(location.All(c => c < 0x7F), location);
        Assert.Equal("/kb?tag=照顧者", Uri.UnescapeDataString(location));

        using var landed = await client.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);

        // Already signed in: the sign-in page itself sends the person on to the same place.
        using var again = await client.GetAsync("/account/sign-in?returnUrl=" + Uri.EscapeDataString("/kb?tag=照顧者"));
        Assert.Equal("/kb?tag=照顧者", Uri.UnescapeDataString(again.Headers.Location!.OriginalString));
    }

    [Fact]
    public async Task Preferences_with_a_non_ascii_or_hostile_return_address_never_500()
    {
        using var client = _site.CreateBrowser();
        foreach (var returnUrl in new[] { "/kb?tag=照顧者", "/%0d%0aSet-Cookie:x=1", "//evil.example", "/\\evil.example", "/kb\u202E" })
        {
            using var response = await client.GetAsync("/preferences?culture=en&returnUrl=" + Uri.EscapeDataString(returnUrl));
            Assert.True((int)response.StatusCode < 500, $"{returnUrl}: {(int)response.StatusCode}\n{_site.Errors.Recent()}");
            Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("x=", StringComparison.Ordinal)));
        }
    }
}
