using Microsoft.EntityFrameworkCore;
using Portal.Forum.Data;
using Portal.Forum.Models;
using Portal.Forum.Services;

namespace Portal.Forum.Tests;

public sealed class ModerationTests
{
    [Fact]
    public async Task A_new_members_first_post_is_held_moderators_are_alerted_and_approval_shows_it()
    {
        await using var site = new ForumSite();
        var newcomer = await site.MemberAsync("new", site.Pain, reviewed: false);
        var reader = await site.MemberAsync("bob", site.Pain);
        var moderator = await site.ViewerAsync("staff-1", moderator: true);
        var topic = await site.StartAsync(newcomer, site.Pain, "Hello everyone", "I am new here.");
        Assert.Equal(PostStatus.Held, topic.Status);
        Assert.Contains(site.Notifications.Published, n => n.Request.Kind == ForumNotifications.ModerationAlert && n.Request.RecipientUserId == "staff-1");
        Assert.DoesNotContain(site.Indexing.Enqueued, c => c.Change.Source == ForumSearchSource.SourceName);

        await using (var scope = site.Scope())
        {
            Assert.Null(await site.Get<ForumService>(scope).ThreadAsync(topic.Id, reader, 1, default));
            Assert.NotNull(await site.Get<ForumService>(scope).ThreadAsync(topic.Id, newcomer, 1, default)); // the author sees their own held post
            var queue = await site.Get<ModerationService>(scope).QueueAsync(moderator, default);
            Assert.Equal("first post", Assert.Single(queue.Items).Why);
            var post = queue.Items[0].Post;
            await site.Get<ModerationService>(scope).ApproveAsync(moderator, post.Id, null, default);
        }

        await using (var scope = site.Scope())
        {
            Assert.NotNull(await site.Get<ForumService>(scope).ThreadAsync(topic.Id, reader, 1, default));
            var db = site.Get<ForumDbContext>(scope);
            Assert.Equal(1, (await db.Profiles.SingleAsync(p => p.UserId == "new")).ApprovedPosts);
            Assert.Contains(await db.ModerationLog.ToListAsync(), a => a.Kind == ModerationKind.Approved && a.ModeratorUserId == "staff-1");
            Assert.Contains(await db.ModerationLog.ToListAsync(), a => a.Kind == ModerationKind.Held && a.ModeratorUserId == "");
        }

        Assert.Contains(site.Notifications.Published, n => n.Request.Kind == ForumNotifications.PostApproved && n.Request.RecipientUserId == "new");

        var second = await site.ReplyAsync(await site.ViewerAsync("new"), topic.Id, "Thank you all");
        Assert.Equal(PostStatus.Published, second.Status); // only the first post waits
    }

    [Fact]
    public async Task Three_trusted_flags_hide_a_post_until_review_and_ordinary_flags_do_not()
    {
        await using var site = new ForumSite();
        var author = await site.MemberAsync("alice", site.Pain);
        var topic = await site.StartAsync(author, site.Pain);
        var reply = await site.ReplyAsync(author, topic.Id, "Buy my miracle cream");
        for (var i = 0; i < 4; i++)
        {
            var member = await site.MemberAsync("plain" + i, site.Pain);
            await using var scope = site.Scope();
            await site.Get<ForumService>(scope).FlagAsync(member, reply.Id, FlagReason.Spam, null, default);
        }

        Assert.Equal(PostStatus.Published, await StatusAsync(site, reply.Id));
        for (var i = 0; i < 3; i++)
        {
            var trusted = await site.MemberAsync("trusted" + i, site.Pain, trusted: true);
            await using var scope = site.Scope();
            await site.Get<ForumService>(scope).FlagAsync(trusted, reply.Id, FlagReason.Spam, "advert", default);
            await site.Get<ForumService>(scope).FlagAsync(trusted, reply.Id, FlagReason.Spam, "twice", default); // a second flag by the same person counts once
            Assert.Equal(i < 2 ? PostStatus.Published : PostStatus.Hidden, await StatusAsync(site, reply.Id));
        }

        await using (var scope = site.Scope())
        {
            var reader = await site.ViewerAsync("plain0");
            Assert.DoesNotContain((await site.Get<ForumService>(scope).ThreadAsync(topic.Id, reader, 1, default))!.Posts, p => p.Post.Id == reply.Id);
            var moderator = await site.ViewerAsync("staff-1", moderator: true);
            await site.Get<ModerationService>(scope).RemoveAsync(moderator, reply.Id, "Advertising", default);
            Assert.Contains(await site.Get<ForumDbContext>(scope).ModerationLog.ToListAsync(), a => a.Kind == ModerationKind.HiddenByFlags);
            Assert.Contains(await site.Get<ForumDbContext>(scope).ModerationLog.ToListAsync(), a => a.Kind == ModerationKind.Removed && a.Reason == "Advertising");
        }

        Assert.Equal(PostStatus.Removed, await StatusAsync(site, reply.Id));
    }

    [Fact]
    public async Task The_word_filter_holds_a_post_and_self_harm_shows_the_notice_and_alerts_moderators_at_once()
    {
        await using var site = new ForumSite();
        var staff = await site.ViewerAsync("staff-1", moderator: true);
        await using (var scope = site.Scope())
        {
            await site.Get<ModerationService>(scope).SaveSettingsAsync("staff-1", "撐住，打 2389 2222", "Hold on, call 2389 2222", "miracle cure\n包醫", default);
        }

        var author = await site.MemberAsync("alice", site.Pain);
        var reader = await site.MemberAsync("bob", site.Pain);
        var topic = await site.StartAsync(author, site.Pain);
        var filtered = await site.ReplyAsync(author, topic.Id, "This MIRACLE CURE worked");
        Assert.Equal(PostStatus.Held, filtered.Status);
        Assert.Equal("word filter", filtered.HoldReason);

        var worrying = await site.ReplyAsync(author, topic.Id, "有時我真係想死，唔知點算");
        Assert.Equal(PostStatus.Published, worrying.Status);
        Assert.True(worrying.SupportConcern);
        Assert.Contains(site.Notifications.Published, n => n.Request.Kind == ForumNotifications.SafetyAlert && n.Request.RecipientUserId == "staff-1" && n.InTransaction);
        Assert.DoesNotContain(site.Notifications.Published.Where(n => n.Request.Kind == ForumNotifications.SafetyAlert), n => n.Request.Data.Values.Any(v => v.Contains("想死", StringComparison.Ordinal)));

        await using var read = site.Scope();
        var thread = (await site.Get<ForumService>(read).ThreadAsync(topic.Id, reader, 1, default))!;
        Assert.Contains("2389 2222", thread.SupportNotice, StringComparison.Ordinal);
        Assert.Contains((await site.Get<ModerationService>(read).QueueAsync(staff, default)).Items, i => i.Post.Id == worrying.Id && i.Why == "self-harm");
    }

    [Fact]
    public async Task A_muted_member_cannot_post_until_the_mute_ends_and_a_suspended_one_until_restored()
    {
        await using var site = new ForumSite();
        var member = await site.MemberAsync("alice", site.Pain);
        var topic = await site.StartAsync(member, site.Pain);
        var moderator = await site.ViewerAsync("staff-1", moderator: true);
        string publicId;
        await using (var scope = site.Scope())
        {
            publicId = (await site.Get<ForumDbContext>(scope).Profiles.SingleAsync(p => p.UserId == "alice")).PublicId;
            await Assert.ThrowsAsync<ForumRuleException>(() => site.Get<ModerationService>(scope).SetStandingAsync(moderator, publicId, MemberStanding.Muted, 3, "", default));
            await site.Get<ModerationService>(scope).SetStandingAsync(moderator, publicId, MemberStanding.Muted, 3, "Heated replies", default);
        }

        await Assert.ThrowsAsync<ForumRuleException>(() => site.ReplyAsync(member, topic.Id));
        site.Clock.SetUtcNow(ForumSite.Start.AddDays(4));
        await site.ReplyAsync(member, topic.Id);

        await using (var scope = site.Scope())
        {
            await site.Get<ModerationService>(scope).SetStandingAsync(moderator, publicId, MemberStanding.Suspended, 0, "Repeated abuse", default);
        }

        site.Clock.SetUtcNow(ForumSite.Start.AddDays(400));
        await Assert.ThrowsAsync<ForumRuleException>(() => site.ReplyAsync(member, topic.Id));
        await using (var scope = site.Scope())
        {
            await site.Get<ModerationService>(scope).SetStandingAsync(moderator, publicId, MemberStanding.Active, 0, "Talked it through", default);
            Assert.Equal(3, await site.Get<ForumDbContext>(scope).ModerationLog.CountAsync(a => a.ProfileId != null));
        }

        await site.ReplyAsync(member, topic.Id);
        await using var last = site.Scope();
        await Assert.ThrowsAsync<ForumNotFoundException>(() => site.Get<ModerationService>(last).QueueAsync(member, default));
    }

    private static async Task<PostStatus> StatusAsync(ForumSite site, long postId)
    {
        await using var scope = site.Scope();
        return (await site.Get<ForumDbContext>(scope).Posts.SingleAsync(p => p.Id == postId)).Status;
    }
}
