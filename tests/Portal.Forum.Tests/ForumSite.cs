using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Content;
using Portal.Forum.Data;
using Portal.Forum.Models;
using Portal.Forum.Services;
using Portal.Notifications;
using Portal.People;
using Portal.Search;

namespace Portal.Forum.Tests;

/// <summary>A fresh in-memory SQLite database per test, with fake people, clock, outbox and indexing log.</summary>
internal sealed class ForumSite : ModuleTestSite<ForumDbContext>
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    public ForumSite(Dictionary<string, string?>? settings = null)
        : base(Start, settings)
    {
        Build(services =>
        {
            services.AddSingleton<INotificationPublisher>(Notifications);
            services.AddSingleton<IIndexingQueue>(Indexing);
            services.AddSingleton<IPersonDirectory>(People);
            services.AddSingleton<IMarkdownRenderer, PlainMarkdown>();
            services.AddForumServices(Configuration);
        });
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        foreach (var (slug, condition) in new[] { ("pain", "chronic-pain"), ("carers", "caring") })
        {
            var community = Community.Create(slug, condition, Start);
            community.Describe("社群 " + slug, "Community " + slug, "", "", "守則", "Guidelines", 1);
            db.Communities.Add(community);
        }

        db.SaveChanges();
        Pain = db.Communities.Single(c => c.Slug == "pain").Id;
        Carers = db.Communities.Single(c => c.Slug == "carers").Id;
    }

    public long Pain { get; }
    public long Carers { get; }
    public RecordingNotificationPublisher Notifications { get; } = new();
    public RecordingIndexingQueue Indexing { get; } = new();
    public InMemoryPersonDirectory People { get; } = new(new PersonInfo("staff-1", "staff-1", "Staff One", "staff@example.org", true, "en", ["Staff"]));

    public T Get<T>(AsyncServiceScope scope) where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    /// <summary>A viewer as the forum would build it from the database (memberships), with the given rights.</summary>
    public async Task<ForumViewer> ViewerAsync(string userId, bool moderator = false, bool trusted = false)
    {
        await using var scope = Scope();
        var member = await Get<ForumAccess>(scope).MemberViewerAsync(userId);
        return member with { IsModerator = moderator, IsTrusted = trusted || moderator };
    }

    /// <summary>Joins the person to a community (making their profile) and lets their posts through without review.</summary>
    public async Task<ForumViewer> MemberAsync(string userId, long communityId, bool reviewed = true, bool trusted = false)
    {
        await using (var scope = Scope())
        {
            await Get<ForumService>(scope).JoinAsync(new ForumViewer(userId, new HashSet<long>(), false, false), communityId, "Name " + userId, true, default);
            if (reviewed)
            {
                var db = Get<ForumDbContext>(scope);
                var profile = await db.Profiles.SingleAsync(p => p.UserId == userId);
                if (profile.ApprovedPosts == 0)
                {
                    profile.CountApprovedPost();
                }

                await db.SaveChangesAsync();
            }
        }

        if (People.People.All(p => p.UserId != userId))
        {
            People.People.Add(new PersonInfo(userId, userId, "Account " + userId, userId + "@example.org", true, "en", ["Member"]));
        }

        return await ViewerAsync(userId, trusted: trusted);
    }

    public async Task<Topic> StartAsync(ForumViewer author, long communityId, string title = "How do you sleep?", string text = "Tell me what helps.",
        TopicVisibility visibility = TopicVisibility.Community, bool anonymous = false, TopicKind kind = TopicKind.Discussion, string? key = null)
    {
        await using var scope = Scope();
        return await Get<ForumService>(scope).StartTopicAsync(author, communityId,
            new TopicInput(kind, title, text, visibility, anonymous, ["chronic-pain"], ["daily-life"]), "en", key ?? Guid.NewGuid().ToString("N"), default);
    }

    public async Task<Post> ReplyAsync(ForumViewer author, long topicId, string text = "A pillow between the knees.", bool anonymous = false, string? key = null)
    {
        await using var scope = Scope();
        return await Get<ForumService>(scope).ReplyAsync(author, topicId, text, anonymous, key ?? Guid.NewGuid().ToString("N"), default);
    }
}

internal sealed class PlainMarkdown : IMarkdownRenderer
{
    public string ToSafeHtml(string? markdown) => System.Net.WebUtility.HtmlEncode(markdown ?? "");

    public string ToPlainText(string? markdown) => markdown ?? "";
}

internal static class Principals
{
    public static ClaimsPrincipal Of(string userId) => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test"));
}
