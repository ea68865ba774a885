using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Notifications.Services;
using Portal.People;

namespace Portal.Notifications.Tests;

/// <summary>
/// The module's pages inside the real host (module discovery, theme layout, localization, antiforgery, permissions),
/// with a real SMTP server. The host has no sign-in page yet, so requests say who they are with a test header.
/// </summary>
public sealed partial class HostUiTests : IAsyncLifetime, IDisposable
{
    private readonly SmtpTestServer _smtp = new();
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "ntf-host-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _factory = null!;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("action=\"/notifications/([^/\"]+)/read\"")]
    private static partial Regex ReadAction();

    public Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Portal:DataDir", _dataDir);
            b.UseSetting("Portal:PublicBaseUrl", "https://portal.test");
            b.UseSetting("Portal:Smtp:Host", "127.0.0.1");
            b.UseSetting("Portal:Smtp:Port", _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("Portal:Smtp:Security", "None");
            b.UseSetting("Portal:Smtp:From", "自助組織平台 <noreply@portal.test>");
            b.UseSetting("Portal:Smtp:Password", "SECRET-PASSWORD-NEVER-SHOWN");
            b.UseSetting("Portal:Notifications:PollInterval", "00:00:00.200");
            b.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            b.ConfigureTestServices(services =>
            {
                services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationKindProvider, ForumKinds>());
                services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
                services.PostConfigure<AuthenticationOptions>(o =>
                {
                    o.DefaultScheme = HeaderAuthentication.SchemeName;
                    o.DefaultAuthenticateScheme = HeaderAuthentication.SchemeName;
                    o.DefaultChallengeScheme = HeaderAuthentication.SchemeName;
                    o.DefaultForbidScheme = HeaderAuthentication.SchemeName;
                });
            });
        });
        _ = _factory.Server; // starts the host: schema, setup recipe (demo accounts), worker
        return Task.CompletedTask;
    }

    public void Dispose() => _smtp.Dispose();

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _smtp.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Member_reads_notifications_sets_preferences_and_unsubscribes()
    {
        var member = await PersonAsync("member");
        await PublishAsync(new NotificationRequest(ForumKinds.Reply, member.UserId,
            new Dictionary<string, string> { ["author"] = "李小明", ["topic"] = "照顧者<休息>", ["excerpt"] = "多謝", ["link"] = "https://portal.test/community/1" }, "ui-reply-1")
        { Url = "/community/1" });

        var client = Client(member.UserId, "Member");
        var list = await client.GetStringAsync("/notifications");
        Assert.Contains("李小明 回覆了你的帖子「照顧者&lt;休息&gt;」", list, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"通知，1 則未讀\"", list, StringComparison.Ordinal); // the bell in the theme's layout
        Assert.Contains("你有 1 則未讀通知。", list, StringComparison.Ordinal);
        Assert.Contains("You have 1 unread notification.", await client.GetStringAsync("/notifications?culture=en"), StringComparison.Ordinal);

        var readAll = await PostAsync(client, "/notifications", "/notifications/read-all", []);
        Assert.Equal(HttpStatusCode.Redirect, readAll.StatusCode);
        Assert.Contains("aria-label=\"通知，沒有未讀通知\"", await client.GetStringAsync("/notifications"), StringComparison.Ordinal);

        var prefs = await client.GetStringAsync("/account/notifications");
        Assert.Contains("<legend>帖子的新回覆</legend>", prefs, StringComparison.Ordinal); // the kind's own name, not its subject
        Assert.DoesNotContain("… 回覆了你的帖子「…」", prefs, StringComparison.Ordinal);
        Assert.Contains("<legend>Replies to your posts</legend>", await client.GetStringAsync("/account/notifications?culture=en"), StringComparison.Ordinal);
        Assert.DoesNotContain("account.reset-password", prefs, StringComparison.Ordinal);
        var saved = await PostAsync(client, "/account/notifications", "/account/notifications", [new("pref:test-forum.reply", "WeeklyDigest")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Matches("id=\"pref-test-forum-reply-2\"[^>]*checked", await client.GetStringAsync("/account/notifications"));

        // The reply went out by e-mail before the change; its unsubscribe link works without signing in.
        var mail = Assert.Single(await _smtp.WaitForMessagesAsync(m => m.Headers[HeaderId.ListUnsubscribe] is not null && (m.Subject ?? "").Contains("回覆了你的帖子", StringComparison.Ordinal), TimeSpan.FromSeconds(20)));
        var link = mail.Headers[HeaderId.ListUnsubscribe]!.Trim('<', '>');
        var path = new Uri(link).AbsolutePath;
        var anonymous = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var done = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("你已取消訂閱", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Matches("id=\"pref-test-forum-reply-3\"[^>]*checked", await client.GetStringAsync("/account/notifications"));

        // RFC 8058 one-click POST from a mail program: no form token, still accepted.
        var oneClick = await anonymous.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);

        var forged = await anonymous.GetAsync(path[..^3] + (path[^3] == 'a' ? "b" : "a") + path[^2..]);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("這個取消訂閱連結無效", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bell_is_right_on_the_next_page_after_a_new_notification_and_after_reading_one()
    {
        // The count is cached per person (UnreadCount, a PersonCache): each change must still show on the very next page.
        var member = await PersonAsync("member");
        NotificationRequest Reply(string key) => new(ForumKinds.Reply, member.UserId,
            new Dictionary<string, string> { ["author"] = "李小明", ["topic"] = "照顧者", ["excerpt"] = "多謝", ["link"] = "https://portal.test/community/1" }, key)
        { Url = "/community/1" };
        var client = Client(member.UserId, "Member");
        Assert.Contains("aria-label=\"通知，沒有未讀通知\"", await client.GetStringAsync("/account"), StringComparison.Ordinal);

        await PublishAsync(Reply("ui-bell-1"));
        Assert.Contains("aria-label=\"通知，1 則未讀\"", await client.GetStringAsync("/account"), StringComparison.Ordinal);
        await PublishAsync(Reply("ui-bell-2"));
        var list = await client.GetStringAsync("/notifications");
        Assert.Contains("aria-label=\"通知，2 則未讀\"", list, StringComparison.Ordinal);

        var id = ReadAction().Match(list).Groups[1].Value;
        var read = await PostAsync(client, "/notifications", $"/notifications/{id}/read", []);
        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        Assert.Contains("aria-label=\"通知，1 則未讀\"", await client.GetStringAsync("/account"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsubscribe_link_of_a_deleted_account_changes_and_stores_nothing()
    {
        var token = _factory.Services.GetRequiredService<UnsubscribeTokens>().Create("deleted-user-id", ForumKinds.Reply);
        var anonymous = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await anonymous.GetAsync("/unsubscribe/" + token);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("沒有需要關閉的通知", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Portal.Notifications.Data.NotificationsDbContext>();
        Assert.False(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Preferences, p => p.UserId == "deleted-user-id"));
    }

    [Fact]
    public async Task Staff_manage_outbox_smtp_and_templates_members_cannot()
    {
        var member = await PersonAsync("member");
        var staff = await PersonAsync("staff");
        var memberClient = Client(member.UserId, "Member");
        foreach (var page in new[] { "/admin/outbox", "/admin/notifications/smtp", "/admin/notifications/templates" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await memberClient.GetAsync(page)).StatusCode);
        }

        await PublishAsync(new NotificationRequest(NotificationsKindProvider.ConfirmEmail, member.UserId,
            new Dictionary<string, string> { ["link"] = "https://portal.test/account/confirm?code=1" }, "ui-confirm-1"));
        var confirm = Assert.Single(await _smtp.WaitForMessagesAsync(m => m.Subject == "請確認你的電郵地址", TimeSpan.FromSeconds(20)));
        Assert.Equal("請確認你的電郵地址", confirm.Subject); // the host's directory gave the member's language
        Assert.Equal(("張會員", "member@demo.portal.hk"), (((MailboxAddress)confirm.To[0]).Name, ((MailboxAddress)confirm.To[0]).Address));
        Assert.Contains("張會員，你好：", confirm.TextBody, StringComparison.Ordinal);

        var client = Client(staff.UserId, "Staff");
        var outbox = await client.GetStringAsync("/admin/outbox");
        Assert.Contains("請確認你的電郵地址", outbox, StringComparison.Ordinal);
        Assert.Contains("<td>確認電郵地址 <span class=\"meta\"><code>account.confirm-email</code></span></td>", outbox, StringComparison.Ordinal); // the kind by its name
        Assert.Contains("<td>Confirm your email address <span class=\"meta\"><code>account.confirm-email</code></span></td>",
            await client.GetStringAsync("/admin/outbox?culture=en"), StringComparison.Ordinal);
        Assert.DoesNotContain("member@demo.portal.hk", outbox, StringComparison.Ordinal);

        var smtpPage = await client.GetStringAsync("/admin/notifications/smtp");
        Assert.Contains("正在使用伺服器設定檔的設定", smtpPage, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-PASSWORD", smtpPage, StringComparison.Ordinal);
        var bad = await PostAsync(client, "/admin/notifications/smtp", "/admin/notifications/smtp",
            [new("Host", ""), new("Port", "abc"), new("Security", "StartTls"), new("From", "not an address\r\nBcc: x@y.org")]);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("請輸入電郵伺服器的主機名稱。", badHtml, StringComparison.Ordinal);
        Assert.Contains("請輸入 1 至 65535 之間的連接埠。", badHtml, StringComparison.Ordinal);

        var test = await PostAsync(client, "/admin/notifications/smtp", "/admin/notifications/smtp/test", [new("address", "staff-test@example.org")]);
        Assert.Equal(HttpStatusCode.Redirect, test.StatusCode);
        var messages = await _smtp.WaitForMessagesAsync(m => ((MailboxAddress)m.To[0]).Address == "staff-test@example.org", TimeSpan.FromSeconds(20));
        Assert.Contains(messages, m => m.Subject == "平台測試電郵");

        var templates = await client.GetStringAsync("/admin/notifications/templates");
        Assert.Contains("/admin/notifications/templates/account.reset-password/en", templates, StringComparison.Ordinal);
        const string edit = "/admin/notifications/templates/account.confirm-email/zh-HK";
        var preview = await PostAsync(client, edit, edit,
            [new("Subject", "{{displayName}}，請確認"), new("Body", "<script>alert(1)</script> [確認]({{link}}) {{displayName}}"), new("command", "preview")]);
        var previewHtml = await preview.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.DoesNotContain("<script>alert(1)", previewHtml, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org/sample-link\"", previewHtml, StringComparison.Ordinal);
        var save = await PostAsync(client, edit, edit, [new("Subject", "{{displayName}}，請確認電郵"), new("Body", "請按 [這裏]({{link}})。"), new("command", "save")]);
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        Assert.Contains("已修改", await client.GetStringAsync("/admin/notifications/templates"), StringComparison.Ordinal);
    }

    private HttpClient Client(string userId, string role)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(HeaderAuthentication.UserHeader, userId);
        client.DefaultRequestHeaders.Add(HeaderAuthentication.RoleHeader, role);
        return client;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string formPage, string action, List<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetStringAsync(formPage);
        var token = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(token), "The page has no antiforgery token.");
        fields.Add(new("__RequestVerificationToken", token));
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    private async Task<PersonInfo> PersonAsync(string userName)
    {
        using var scope = _factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IPersonDirectory>().FindByUserNameAsync(userName)
            ?? throw new InvalidOperationException("The setup recipe did not create " + userName);
    }

    private async Task PublishAsync(NotificationRequest request)
    {
        using var scope = _factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<INotificationPublisher>().PublishAsync(request);
    }

    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "TestHeader";
        public const string UserHeader = "X-Test-User";
        public const string RoleHeader = "X-Test-Role";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(UserHeader, out var user) || string.IsNullOrEmpty(user))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, user!), new Claim(ClaimTypes.Name, user!), new Claim(ClaimTypes.Role, Request.Headers[RoleHeader].ToString())],
                SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
