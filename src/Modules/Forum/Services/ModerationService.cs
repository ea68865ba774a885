using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Forum.Data;
using Portal.Forum.Models;

namespace Portal.Forum.Services;

public sealed record QueueItem(Post Post, Topic Topic, Community Community, AuthorView Author, IReadOnlyList<Flag> Flags, string Why);

public sealed record ModerationQueue(IReadOnlyList<QueueItem> Items, IReadOnlyList<(Topic Topic, Community Community)> AwaitingPublic, IReadOnlyList<ModerationAction> Recent);

/// <summary>
/// The moderators' use cases: the review queue (held posts, hidden and flagged posts, posts that mention
/// self-harm, articles asking to be public), each decision logged; muting and suspending members. Callers hold
/// the ModerateForum permission (the controller's policy), and every method checks the viewer again.
/// </summary>
public sealed class ModerationService(ForumDbContext db, ForumService forum, TimeProvider clock)
{
    public async Task<ModerationQueue> QueueAsync(ForumViewer viewer, CancellationToken ct)
    {
        Require(viewer);
        var flaggedIds = await db.Flags.AsNoTracking().Where(f => !f.Resolved).Select(f => f.PostId).Distinct().ToListAsync(ct);
        var posts = await db.Posts.AsNoTracking()
            .Where(p => p.Status == PostStatus.Held || p.Status == PostStatus.Hidden || flaggedIds.Contains(p.Id) || (p.SupportConcern && !p.SupportReviewed && p.Status != PostStatus.Removed))
            .OrderBy(p => p.CreatedUtc).Take(200).ToListAsync(ct);
        var topicIds = posts.Select(p => p.TopicId).Distinct().ToList();
        var topics = await db.Topics.AsNoTracking().Where(t => topicIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var communities = await db.Communities.AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        var postIds = posts.Select(p => p.Id).ToList();
        var flags = await db.Flags.AsNoTracking().Where(f => postIds.Contains(f.PostId) && !f.Resolved).ToListAsync(ct);
        var profiles = await forum.AuthorNamesAsync(posts.Select(p => p.AuthorUserId), ct);
        var items = posts.Select(p => new QueueItem(
            p,
            topics[p.TopicId],
            communities[p.CommunityId],
            ForumAccess.Author(p.Anonymous, p.AuthorErased, profiles.GetValueOrDefault(p.AuthorUserId), viewer),
            [.. flags.Where(f => f.PostId == p.Id)],
            p.SupportConcern && !p.SupportReviewed ? "self-harm" : p.Status == PostStatus.Held ? p.HoldReason ?? "" : p.Status == PostStatus.Hidden ? "flagged" : "flags")).ToList();
        var awaiting = await db.Topics.AsNoTracking()
            .Where(t => t.RequestedVisibility == TopicVisibility.Public && t.Kind == TopicKind.Article && !t.PublicApproved && t.Status == PostStatus.Published)
            .OrderBy(t => t.CreatedUtc).Take(100).ToListAsync(ct);
        var recent = await db.ModerationLog.AsNoTracking().OrderByDescending(a => a.CreatedUtc).ThenByDescending(a => a.Id).Take(50).ToListAsync(ct);
        return new ModerationQueue(items, [.. awaiting.Select(t => (t, communities[t.CommunityId]))], recent);
    }

    /// <summary>Shows a held or hidden post (and dismisses its flags; marks a self-harm alert as seen).</summary>
    /// <returns>The post's author (for the audit trail; empty when erased).</returns>
    public async Task<string> ApproveAsync(ForumViewer viewer, long postId, string? reason, CancellationToken ct)
    {
        Require(viewer);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (post, topic) = await LoadAsync(postId, ct);
        var wasShown = post.Status == PostStatus.Published;
        post.Approve();
        post.ReviewSupport();
        if (!wasShown)
        {
            if (post.IsOpening)
            {
                topic.OpeningIs(PostStatus.Published, now);
            }
            else
            {
                topic.Replied(post.CreatedUtc > topic.LastPostUtc ? post.CreatedUtc : topic.LastPostUtc);
            }

            var author = await db.Profiles.FirstOrDefaultAsync(p => p.UserId == post.AuthorUserId && post.AuthorUserId != "", ct);
            author?.CountApprovedPost();
        }

        await ResolveFlagsAsync(postId, ct);
        db.ModerationLog.Add(new ModerationAction(wasShown ? ModerationKind.FlagsDismissed : ModerationKind.Approved, viewer.UserId, postId, null, reason, now));
        await db.SaveChangesAsync(ct);
        await forum.ReindexAsync(topic, post, tx, ct);
        if (!wasShown)
        {
            await forum.NotifyReadersAsync(post, topic, tx, ct);
            await forum.NotifyAuthorApprovedAsync(post, topic, tx, ct);
        }

        await tx.CommitAsync(ct);
        return post.AuthorUserId;
    }

    /// <returns>The post's author (for the audit trail; empty when erased).</returns>
    public async Task<string> RemoveAsync(ForumViewer viewer, long postId, string? reason, CancellationToken ct)
    {
        Require(viewer);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ForumRuleException("Say why the post is removed (the log keeps it).");
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (post, topic) = await LoadAsync(postId, ct);
        var wasShown = post.Status == PostStatus.Published;
        post.Remove("moderator");
        post.ReviewSupport();
        if (post.IsOpening)
        {
            topic.OpeningIs(PostStatus.Removed, now);
        }
        else if (wasShown)
        {
            topic.ReplyGone(now);
        }

        await ResolveFlagsAsync(postId, ct);
        db.ModerationLog.Add(new ModerationAction(ModerationKind.Removed, viewer.UserId, postId, null, reason, now));
        await db.SaveChangesAsync(ct);
        await forum.ReindexAsync(topic, post, tx, ct);
        await tx.CommitAsync(ct);
        return post.AuthorUserId;
    }

    public async Task ApprovePublicAsync(ForumViewer viewer, long topicId, CancellationToken ct)
    {
        Require(viewer);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var topic = await db.Topics.FirstOrDefaultAsync(t => t.Id == topicId, ct) ?? throw new ForumNotFoundException();
        topic.ApprovePublic(now);
        var opening = await db.Posts.AsNoTracking().FirstAsync(p => p.TopicId == topicId && p.Number == 1, ct);
        db.ModerationLog.Add(new ModerationAction(ModerationKind.PublicApproved, viewer.UserId, opening.Id, null, null, now));
        await db.SaveChangesAsync(ct);
        await forum.ReindexAsync(topic, opening, tx, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Mutes (no posting for some days), suspends (no posting until restored) or restores a member.</summary>
    /// <summary>Returns the member's user id (for the audit trail).</summary>
    public async Task<string> SetStandingAsync(ForumViewer viewer, string profilePublicId, MemberStanding standing, int days, string? reason, CancellationToken ct)
    {
        Require(viewer);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ForumRuleException("Say why (the log keeps it).");
        }

        var profile = await db.Profiles.FirstOrDefaultAsync(p => p.PublicId == profilePublicId, ct) ?? throw new ForumNotFoundException();
        if (profile.UserId == viewer.UserId)
        {
            throw new ForumRuleException("You cannot change your own standing.");
        }

        var now = clock.GetUtcNow();
        switch (standing)
        {
            case MemberStanding.Muted:
                if (days is < 1 or > 365)
                {
                    throw new ForumRuleException("Mute for 1 to 365 days.");
                }

                profile.Mute(now.AddDays(days));
                break;
            case MemberStanding.Suspended:
                profile.Suspend();
                break;
            default:
                profile.Restore();
                break;
        }

        var kind = standing switch { MemberStanding.Muted => ModerationKind.Muted, MemberStanding.Suspended => ModerationKind.Suspended, _ => ModerationKind.Restored };
        db.ModerationLog.Add(new ModerationAction(kind, viewer.UserId, null, profile.Id, reason, now));
        await db.SaveChangesAsync(ct);
        return profile.UserId;
    }

    public async Task<ForumSettings> SettingsAsync(CancellationToken ct) => await forum.SettingsAsync(ct);

    public async Task SaveSettingsAsync(string staffUserId, string noticeZh, string noticeEn, string? wordFilter, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var settings = await db.Settings.FirstOrDefaultAsync(s => s.Id == 1, ct);
        if (settings is null)
        {
            settings = ForumSettings.Defaults();
            db.Settings.Add(settings);
        }

        settings.Change(noticeZh, noticeEn, wordFilter, now);
        db.ModerationLog.Add(new ModerationAction(ModerationKind.SettingsChanged, staffUserId, null, null, null, now));
        await db.SaveChangesAsync(ct);
    }

    private async Task ResolveFlagsAsync(long postId, CancellationToken ct)
    {
        foreach (var flag in await db.Flags.Where(f => f.PostId == postId && !f.Resolved).ToListAsync(ct))
        {
            flag.Resolve();
        }
    }

    private async Task<(Post Post, Topic Topic)> LoadAsync(long postId, CancellationToken ct)
    {
        var post = await db.Posts.FirstOrDefaultAsync(p => p.Id == postId, ct) ?? throw new ForumNotFoundException();
        var topic = await db.Topics.FirstAsync(t => t.Id == post.TopicId, ct);
        return (post, topic);
    }

    private static void Require(ForumViewer viewer)
    {
        if (!viewer.IsModerator)
        {
            throw new ForumNotFoundException();
        }
    }
}
