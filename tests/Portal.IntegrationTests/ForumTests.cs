using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Forum.Data;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;
using Portal.Metrics;
using Portal.Notifications;

namespace Portal.IntegrationTests;

/// <summary>A site with the forum's demo communities, whose notifications are captured (not sent).</summary>
public class ForumSite : PortalSite
{
    public ForumSite()
        : this([])
    {
    }

    protected ForumSite(Dictionary<string, string?> settings)
        : base(settings)
    {
    }

    public CapturedNotifications Notifications { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<INotificationPublisher>(Notifications));
    }
}

public sealed class PostgresForumSite() : ForumSite(new Dictionary<string, string?>
{
    ["Portal:Database:Provider"] = "Postgres",
    ["ConnectionStrings:Portal"] = PostgresServer.Instance.CreateDatabase(),
});

/// <summary>
/// The forum's promises on the real host: a community-only post reaches no non-member by any route (the page, the
/// community's list, search, notifications, the personal-data export, the metrics), and an anonymous post never
/// shows its author to members (HTML, search JSON, notification data), while moderators see who wrote it.
/// </summary>
public abstract partial class ForumTests<TSite>(TSite site) : IAsyncLifetime where TSite : ForumSite
{
    private static readonly SemaphoreSlim Setup = new(1, 1);
    private readonly string _secret = "Zebrafinch" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _anonymousSecret = "Quokka" + Guid.NewGuid().ToString("N")[..8];

    protected TSite Site { get; } = site;

    public async Task InitializeAsync()
    {
        await Setup.WaitAsync();
        try
        {
            _ = Site.CreateClient();
            using var scope = Site.Services.CreateScope();
            if (!await scope.ServiceProvider.GetRequiredService<ForumDbContext>().Communities.AnyAsync())
            {
                await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExecuteAsync(Path.Combine(AppContext.BaseDirectory, "content-recipes", "forum.recipe.json"));
            }
        }
        finally
        {
            Setup.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The group leader (a trusted member, in the carers' community) starts a community-only thread; Ada
    /// (forum4, also a carer) replies anonymously and mentions 阿玲 (the demo member, not in the carers' community).</summary>
    private async Task<(long TopicId, long ReplyId)> CommunityThreadAsync(HttpClient leader, HttpClient ada)
    {
        var created = await HtmlForms.SubmitFormAsync(leader, "/community/carers/new", "/community/carers/new", f =>
        {
            f["Form.Title"] = "Respite " + _secret;
            f["Form.Text"] = "Only for carers: " + _secret;
            f["Form.Visibility"] = "Community";
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var topicId = HtmlForms.RedirectId(created, ThreadLink());

        var replied = await HtmlForms.SubmitFormAsync(ada, $"/community/threads/{topicId}", "/reply", f =>
        {
            f["Reply.Text"] = $"@阿玲 {_anonymousSecret} {_secret}";
            f["Reply.Anonymous"] = "true";
        });
        Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);
        var replyId = HtmlForms.RedirectId(replied, PostLink());
        return (topicId, replyId);
    }

    [Fact]
    public async Task A_community_only_post_reaches_no_non_member_by_page_list_search_notification_export_or_metrics()
    {
        using var leader = await Site.SignInAsync("leader");
        using var ada = await Site.SignInAsync("forum4");
        using var outsider = await Site.SignInAsync("member");
        using var visitor = Site.CreateBrowser();
        var (topicId, replyId) = await CommunityThreadAsync(leader, ada);

        // Members read it, and search finds it for them (so "not found" below means "not shown", not "not indexed yet").
        Assert.Contains(_secret, await leader.GetStringAsync($"/community/threads/{topicId}"), StringComparison.Ordinal);
        // An English title on the Chinese page is marked as English for screen readers (WCAG 3.1.2), and the other way round not.
        Assert.Contains("<h1 lang=\"en\">Respite ", await leader.GetStringAsync($"/community/threads/{topicId}?culture=zh-HK"), StringComparison.Ordinal);
        Assert.Contains("<h1>Respite ", await leader.GetStringAsync($"/community/threads/{topicId}?culture=en"), StringComparison.Ordinal);
        await WaitUntilFoundAsync(leader, _secret);

        foreach (var client in new[] { outsider, visitor })
        {
            foreach (var url in new[] { $"/community/threads/{topicId}", $"/community/posts/{replyId}", $"/community/posts/{replyId}/history" })
            {
                using var response = await client.GetAsync(url);
                Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Redirect, $"{url}: {(int)response.StatusCode}");
                Assert.DoesNotContain(_secret, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            Assert.DoesNotContain(_secret, await client.GetStringAsync("/community/carers"), StringComparison.Ordinal);
            Assert.DoesNotContain(_secret, await client.GetStringAsync("/community"), StringComparison.Ordinal);
            var search = await client.GetStringAsync("/api/search?q=" + _secret);
            Assert.Equal(0, JsonDocument.Parse(search).RootElement.GetProperty("total").GetInt32());
            Assert.DoesNotContain(_secret, search, StringComparison.Ordinal);
        }

        // Acting on it from outside changes nothing and says nothing.
        var own = HtmlForms.FindForm(await HtmlForms.GetAsync(outsider, "/community/profile"), "/community/profile");
        own.Action = $"/community/posts/{replyId}/react";
        var react = await HtmlForms.SubmitAsync(outsider, own, f => f["kind"] = "Hug");
        Assert.Equal(HttpStatusCode.NotFound, react.StatusCode);

        // Notifications: the mentioned outsider was not told; the thread's author (a member) was, without the text.
        var outsiderId = await UserIdAsync("member");
        Assert.DoesNotContain(Site.Notifications.Requests, n => n.RecipientUserId == outsiderId && (n.Url ?? "").Contains(replyId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var leaderId = await UserIdAsync("leader");
        Assert.Contains(Site.Notifications.Requests, n => n.RecipientUserId == leaderId && n.Kind == "forum.reply" && n.Url == $"/community/posts/{replyId}");
        Assert.DoesNotContain(Site.Notifications.Requests, n => n.Data.Values.Any(v => v.Contains(_anonymousSecret, StringComparison.Ordinal)));

        // The outsider's own export holds nothing of it; the metrics carry counts, never words.
        var export = await outsider.GetStringAsync("/account/export?format=json");
        Assert.DoesNotContain(_secret, export, StringComparison.Ordinal);
        using var scope = Site.Services.CreateScope();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var source in scope.ServiceProvider.GetServices<IMetricsSource>().Where(s => s.Module == "Forum"))
        {
            var metrics = await source.GetMetricsAsync(today.AddDays(-30), today.AddDays(1));
            Assert.Contains(metrics, m => m.Key == "forum.posts" && m.Value >= 2);
            Assert.DoesNotContain(_secret, JsonSerializer.Serialize(metrics), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_anonymous_post_never_reveals_its_author_to_members_but_moderators_see_who_wrote_it()
    {
        using var leader = await Site.SignInAsync("leader");
        using var ada = await Site.SignInAsync("forum4");
        using var staff = await Site.SignInAsync("staff");
        var (topicId, replyId) = await CommunityThreadAsync(leader, ada);
        string adaId = await UserIdAsync("forum4"), adaPublicId;
        using (var scope = Site.Services.CreateScope())
        {
            adaPublicId = (await scope.ServiceProvider.GetRequiredService<ForumDbContext>().Profiles.SingleAsync(p => p.UserId == adaId)).PublicId;
        }

        var asMember = await leader.GetStringAsync($"/community/threads/{topicId}?culture=en");
        Assert.Contains(_anonymousSecret, asMember, StringComparison.Ordinal);
        Assert.Contains("Anonymous member", asMember, StringComparison.Ordinal);
        foreach (var leak in new[] { "Ada T", adaPublicId, adaId, "forum4" })
        {
            Assert.DoesNotContain(leak, asMember, StringComparison.Ordinal);
        }

        await WaitUntilFoundAsync(leader, _anonymousSecret);
        var search = await leader.GetStringAsync("/api/search?q=" + _anonymousSecret);
        foreach (var leak in new[] { "Ada T", adaPublicId, adaId, "forum4" })
        {
            Assert.DoesNotContain(leak, search, StringComparison.Ordinal);
        }

        var toLeader = Assert.Single(Site.Notifications.Requests, n => n.Kind == "forum.reply" && n.Url == $"/community/posts/{replyId}");
        Assert.DoesNotContain(toLeader.Data.Values, v => v.Contains("Ada", StringComparison.Ordinal) || v.Contains(adaPublicId, StringComparison.Ordinal));

        // The author's own export holds the anonymous reply (it is theirs), marked anonymous.
        Assert.Contains(_anonymousSecret, await ada.GetStringAsync("/account/export?format=json"), StringComparison.Ordinal);

        var asModerator = await staff.GetStringAsync($"/community/threads/{topicId}?culture=en");
        Assert.Contains("Ada T", asModerator, StringComparison.Ordinal);
        Assert.Contains("Moderators only", asModerator, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_forum_page_answers_for_a_member_and_bad_input_keeps_what_was_typed()
    {
        using var member = await Site.SignInAsync("member");
        foreach (var url in new[] { "/community", "/community/chronic-pain", "/community/chronic-pain/new", "/community/chronic-pain/new?kind=article", "/community/profile",
            "/community/ratings?condition=chronic-pain", "/community/ratings/rate", "/community/like-me", "/community/contacts" })
        {
            using var response = await member.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        }

        var ratings = await member.GetStringAsync("/community/ratings?condition=chronic-pain&culture=en");
        Assert.Contains("Shared experience, not medical advice", ratings, StringComparison.Ordinal);
        Assert.Contains("Not enough ratings yet", ratings, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"forum-bar\"", ratings, StringComparison.Ordinal);
        Assert.Contains("痛痛姐姐", await member.GetStringAsync("/community/like-me"), StringComparison.Ordinal);

        var tooShort = await HtmlForms.SubmitFormAsync(member, "/community/chronic-pain/new", "/community/chronic-pain/new", f =>
        {
            f["Form.Title"] = "Hi";
            f["Form.Text"] = "What I typed stays here";
            f["Form.Visibility"] = "Sideways";
        });
        Assert.Equal(HttpStatusCode.OK, tooShort.StatusCode);
        Assert.Contains("What I typed stays here", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var visitor = Site.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/community")).StatusCode);
        Assert.Contains("痛了十年", await visitor.GetStringAsync("/community"), StringComparison.Ordinal); // an approved public article
        Assert.Equal(HttpStatusCode.Redirect, (await visitor.GetAsync("/community/ratings")).StatusCode);
    }

    private async Task<string> UserIdAsync(string userName)
    {
        using var scope = Site.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<Portal.People.IPersonDirectory>().FindByUserNameAsync(userName))!.UserId;
    }

    private static async Task WaitUntilFoundAsync(HttpClient client, string word)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var result = JsonDocument.Parse(await client.GetStringAsync("/api/search?q=" + word)).RootElement;
            if (result.GetProperty("total").GetInt32() > 0)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"'{word}' was not found by search within 60 s.");
    }

    [GeneratedRegex("/community/threads/(\\d+)")]
    private static partial Regex ThreadLink();

    [GeneratedRegex("/community/posts/(\\d+)")]
    private static partial Regex PostLink();
}

public sealed class SqliteForumTests(ForumSite site) : ForumTests<ForumSite>(site), IClassFixture<ForumSite>;

[Collection(PostgresCollection.Name)]
public sealed class PostgresForumTests(PostgresForumSite site) : ForumTests<PostgresForumSite>(site), IClassFixture<PostgresForumSite>;
