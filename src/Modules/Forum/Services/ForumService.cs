using System.Globalization;
using System.Linq.Expressions;
using LinqKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Portal.Content;
using Portal.Forum.Data;
using Portal.Forum.Models;
using Portal.Notifications;
using Portal.People;
using Portal.Search;

namespace Portal.Forum.Services;

public sealed record TopicInput(TopicKind Kind, string Title, string Markdown, TopicVisibility Visibility, bool Anonymous, IReadOnlyList<string> Conditions, IReadOnlyList<string> Topics);

public sealed record TopicListItem(Topic Topic, AuthorView Author);

public sealed record PostView(Post Post, AuthorView Author, IReadOnlyDictionary<ReactionKind, int> Reactions, IReadOnlySet<ReactionKind> Mine, bool CanEdit, bool Flagged);

public sealed record ThreadView(
    Topic Topic,
    Community Community,
    IReadOnlyList<PostView> Posts,
    int Page,
    int Pages,
    bool CanReply,
    bool Bookmarked,
    bool Following,
    string SupportNotice);

public sealed record CommunityPage(Community Community, bool IsMember, IReadOnlyList<TopicListItem> Topics, int Page, int Pages, int MemberCount);

/// <summary>
/// The forum's use cases for members: communities, threads, replies, edits, reactions, bookmarks, follows and flags.
/// Every read and write asks <see cref="ForumAccess"/>; every change that search or a notification must know of
/// commits with its indexing-log and outbox rows.
/// </summary>
public sealed class ForumService(
    ForumDbContext db,
    ForumAccess access,
    TimeProvider clock,
    IOptions<ForumOptions> options,
    INotificationPublisher publisher,
    IIndexingQueue indexing,
    IPersonDirectory directory,
    IMarkdownRenderer renderer,
    CommunityMemberCounts memberCounts,
    CommunityList communityList)
{
    public const string CannotRenderMessage =
        "Your post cannot be shown as written: it has too many quotes or lists inside each other. Use fewer levels and post again.";

    /// <summary>A post the renderer cannot show (Markdown nested beyond its limit) is refused here, with the text
    /// kept in the form, rather than stored and shown as plain text.</summary>
    private void CheckRenders(string text)
    {
        if (!renderer.CanRender(text))
        {
            throw new ForumRuleException(CannotRenderMessage);
        }
    }

    private int PageSize => Math.Clamp(options.Value.PageSize, 5, 100);

    public Task<IReadOnlyList<Community>> CommunitiesAsync(CancellationToken ct) => communityList.GetAsync(db, ct);

    public Task<Community?> FindCommunityAsync(string slug, CancellationToken ct) =>
        db.Communities.AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, ct);

    /// <summary>Staff add a community (its address is fixed once made).</summary>
    public async Task<Community> AddCommunityAsync(string slug, string condition, string nameZh, string nameEn, string descriptionZh, string descriptionEn, string guidelinesZh, string guidelinesEn, CancellationToken ct)
    {
        if (!Vocabulary.Has(Vocabulary.Conditions, condition))
        {
            throw new ForumRuleException("Choose conditions from the list.");
        }

        if (await db.Communities.AnyAsync(c => c.Slug == slug, ct))
        {
            throw new ForumRuleException("A community with this address exists already.");
        }

        var community = Community.Create(slug, condition, clock.GetUtcNow());
        community.Describe(nameZh, nameEn, descriptionZh, descriptionEn, guidelinesZh, guidelinesEn, await db.Communities.CountAsync(ct) + 1);
        db.Communities.Add(community);
        await db.SaveChangesAsync(ct);
        await communityList.ChangedAsync(ct);
        return community;
    }

    public Task<MemberProfile?> ProfileOfAsync(string userId, CancellationToken ct) =>
        string.IsNullOrEmpty(userId) ? Task.FromResult<MemberProfile?>(null) : db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, ct);

    public Task<IReadOnlyDictionary<long, int>> MemberCountsAsync(CancellationToken ct) => memberCounts.GetAsync(db, ct);

    /// <summary>Joins a community (agreeing to its guidelines). A first join also makes the forum profile, under the
    /// display name the person chose.</summary>
    public async Task JoinAsync(ForumViewer viewer, long communityId, string? displayName, bool agreed, CancellationToken ct)
    {
        if (!viewer.SignedIn)
        {
            throw new ForumRuleException("Sign in to join a community.");
        }

        if (!agreed)
        {
            throw new ForumRuleException("Tick the box to say you will follow the community's guidelines.");
        }

        var now = clock.GetUtcNow();
        var profile = await db.Profiles.FirstOrDefaultAsync(p => p.UserId == viewer.UserId, ct);
        if (profile is null)
        {
            db.Profiles.Add(MemberProfile.Create(viewer.UserId, displayName ?? "", now));
        }

        if (!await db.Memberships.AnyAsync(m => m.CommunityId == communityId && m.UserId == viewer.UserId, ct))
        {
            db.Memberships.Add(Membership.Join(communityId, viewer.UserId, now));
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Joined twice at once: the unique index kept one membership, which is what the person wanted.
            db.ChangeTracker.Clear();
        }

        await access.ForgetMembershipsAsync(viewer.UserId, ct);
        await memberCounts.ChangedAsync(ct);
    }

    public async Task LeaveAsync(ForumViewer viewer, long communityId, CancellationToken ct)
    {
        await db.Memberships.Where(m => m.CommunityId == communityId && m.UserId == viewer.UserId).ExecuteDeleteAsync(ct);
        await access.ForgetMembershipsAsync(viewer.UserId, ct);
        await memberCounts.ChangedAsync(ct);
    }

    public async Task<CommunityPage> CommunityPageAsync(Community community, ForumViewer viewer, int page, CancellationToken ct)
    {
        var query = access.VisibleTopics(viewer).Where(t => t.CommunityId == community.Id);
        var total = await query.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var topics = await query.OrderByDescending(t => t.LastPostUtc).ThenByDescending(t => t.Id)
            .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var profiles = await AuthorNamesAsync(topics.Where(t => !t.Anonymous || viewer.IsModerator).Select(t => t.AuthorUserId), ct);
        var members = (await memberCounts.GetAsync(db, ct)).GetValueOrDefault(community.Id);
        return new CommunityPage(
            community,
            viewer.IsMemberOf(community.Id),
            [.. topics.Select(t => new TopicListItem(t, ForumAccess.Author(t.Anonymous, t.AuthorErased, profiles.GetValueOrDefault(t.AuthorUserId), viewer)))],
            page,
            pages,
            members);
    }

    /// <summary>How many threads the forum's front page lists.</summary>
    public const int LatestCount = 8;

    /// <summary>A member's front page (most of its views), compiled: see Portal.Data.CompiledQuery. Visitors' front page
    /// is kept by the page cache, and moderators' is built as any other list.</summary>
    private static readonly Portal.Data.CompiledListQuery<ForumDbContext, string, List<long>, Topic> LatestForMember =
        new(Inline((db, me, communities) => db.Topics.AsNoTracking()
            .Where(t => ForumAccess.MemberMaySee.Invoke(t, me, communities) && t.Status == PostStatus.Published)
            .OrderByDescending(t => t.LastPostUtc).Take(LatestCount)));

    private static Expression<Func<ForumDbContext, string, List<long>, IQueryable<Topic>>> Inline(Expression<Func<ForumDbContext, string, List<long>, IQueryable<Topic>>> query) =>
        query.Expand();

    /// <summary>Public experience articles (for visitors on the forum's front page) or the newest threads a viewer may see.</summary>
    public async Task<List<TopicListItem>> LatestAsync(ForumViewer viewer, CancellationToken ct)
    {
        var topics = viewer.SignedIn && !viewer.IsModerator
            ? await LatestForMember.ToListAsync(db, viewer.UserId, [.. viewer.Communities], ct)
            : await access.VisibleTopics(viewer).Where(t => t.Status == PostStatus.Published)
                .OrderByDescending(t => t.LastPostUtc).Take(LatestCount).ToListAsync(ct);
        var profiles = await AuthorNamesAsync(topics.Where(t => !t.Anonymous || viewer.IsModerator).Select(t => t.AuthorUserId), ct);
        return [.. topics.Select(t => new TopicListItem(t, ForumAccess.Author(t.Anonymous, t.AuthorErased, profiles.GetValueOrDefault(t.AuthorUserId), viewer)))];
    }

    /// <summary>A page of a thread, or null when the viewer may not see it (pages answer 404, so ids reveal nothing).</summary>
    public async Task<ThreadView?> ThreadAsync(long topicId, ForumViewer viewer, int page, CancellationToken ct)
    {
        // Few round trips: the thread with its community, the page count, the page, then the authors, the reactions
        // (counts and the viewer's own in one query), the viewer's bookmark and follow (one query) and flags.
        var found = await db.Topics.AsNoTracking().Where(t => t.Id == topicId)
            .Join(db.Communities.AsNoTracking(), t => t.CommunityId, c => c.Id, (t, c) => new { Topic = t, Community = c })
            .FirstOrDefaultAsync(ct);
        if (found is null || !ForumAccess.CanSeeTopic(found.Topic, viewer))
        {
            return null;
        }

        var (topic, community) = (found.Topic, found.Community);
        var query = access.VisiblePosts(topicId, viewer);
        var total = await query.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var posts = await query.OrderBy(p => p.Number).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var postIds = posts.Select(p => p.Id).ToList();
        var profiles = await AuthorNamesAsync(posts.Where(p => !p.Anonymous || viewer.IsModerator).Select(p => p.AuthorUserId), ct);
        var me = viewer.UserId;
        var counts = await db.Reactions.AsNoTracking().Where(r => postIds.Contains(r.PostId))
            .GroupBy(r => new { r.PostId, r.Kind })
            .Select(g => new { g.Key.PostId, g.Key.Kind, Count = g.Count(), Mine = g.Count(r => r.UserId == me) })
            .ToListAsync(ct);
        var mine = counts.Where(c => viewer.SignedIn && c.Mine > 0).Select(c => new { c.PostId, c.Kind }).ToList();
        HashSet<long> flagged = [];
        bool bookmarked = false, following = false;
        if (viewer.SignedIn)
        {
            var own = await db.Topics.AsNoTracking().Where(t => t.Id == topicId).Select(t => new
            {
                Bookmarked = db.Bookmarks.Any(b => b.TopicId == topicId && b.UserId == me),
                Following = db.Follows.Any(f => f.TopicId == topicId && f.UserId == me),
            }).FirstAsync(ct);
            (bookmarked, following) = (own.Bookmarked, own.Following);
            flagged = (await db.Flags.AsNoTracking().Where(f => f.UserId == me && postIds.Contains(f.PostId)).Select(f => f.PostId).ToListAsync(ct)).ToHashSet();
        }

        var notice = posts.Any(p => p.SupportConcern && p.Status != PostStatus.Removed) ? (await SettingsAsync(ct)).SupportNotice(Globalization.PortalCultures.IsEnglish) : "";
        var views = posts.Select(p => new PostView(
            p,
            ForumAccess.Author(p.Anonymous, p.AuthorErased, profiles.GetValueOrDefault(p.AuthorUserId), viewer),
            counts.Where(c => c.PostId == p.Id).ToDictionary(c => c.Kind, c => c.Count),
            mine.Where(m => m.PostId == p.Id).Select(m => m.Kind).ToHashSet(),
            ForumAccess.CanEdit(p, viewer),
            flagged.Contains(p.Id))).ToList();
        return new ThreadView(topic, community, views, page, pages, ForumAccess.CanReply(topic, viewer), bookmarked, following, notice);
    }

    /// <summary>The thread and page a post is on, when the viewer may see it.</summary>
    public async Task<(long TopicId, int Page)?> LocateAsync(long postId, ForumViewer viewer, CancellationToken ct)
    {
        var post = await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == postId, ct);
        var topic = post is null ? null : await db.Topics.AsNoTracking().FirstOrDefaultAsync(t => t.Id == post.TopicId, ct);
        if (post is null || topic is null || !ForumAccess.CanSeePost(post, topic, viewer))
        {
            return null;
        }

        var before = await access.VisiblePosts(topic.Id, viewer).CountAsync(p => p.Number < post.Number, ct);
        return (topic.Id, before / PageSize + 1);
    }

    public async Task<Topic> StartTopicAsync(ForumViewer viewer, long communityId, TopicInput input, string culture, string? idempotencyKey, CancellationToken ct)
    {
        if (await ExistingAsync(viewer.UserId, idempotencyKey, ct) is { } existing)
        {
            return await db.Topics.AsNoTracking().FirstAsync(t => t.Id == existing.TopicId, ct);
        }

        if (!ForumAccess.CanPostIn(communityId, viewer))
        {
            throw new ForumRuleException("Join the community to post in it.");
        }

        var profile = await PosterAsync(viewer, ct);
        var now = clock.GetUtcNow();
        var topic = Topic.Start(communityId, viewer.UserId, input.Kind, input.Title, culture, input.Visibility, input.Anonymous, input.Conditions, input.Topics, now);
        Post.Checked(input.Markdown);
        CheckRenders(input.Markdown);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Topics.Add(topic);
        await db.SaveChangesAsync(ct);
        var post = Post.Write(topic, viewer.UserId, input.Anonymous, input.Markdown, idempotencyKey, now);
        var settings = await SettingsAsync(ct);
        Screen(post, profile, viewer, settings);
        topic.OpeningIs(post.Status, now);
        db.Posts.Add(post);
        db.Follows.Add(new Follow(topic.Id, viewer.UserId, now));
        profile.Touch(now);
        if (!await SaveOnceAsync(ct))
        {
            await tx.RollbackAsync(ct);
            var first = (await ExistingAsync(viewer.UserId, idempotencyKey, ct))!;
            return await db.Topics.AsNoTracking().FirstAsync(t => t.Id == first.TopicId, ct);
        }

        await AfterPostAsync(post, topic, tx, ct);
        await tx.CommitAsync(ct);
        return topic;
    }

    public async Task<Post> ReplyAsync(ForumViewer viewer, long topicId, string markdown, bool anonymous, string? idempotencyKey, CancellationToken ct)
    {
        if (await ExistingAsync(viewer.UserId, idempotencyKey, ct) is { } existing)
        {
            return existing;
        }

        var topic = await db.Topics.FirstOrDefaultAsync(t => t.Id == topicId, ct);
        if (topic is null || !ForumAccess.CanSeeTopic(topic, viewer))
        {
            throw new ForumNotFoundException();
        }

        if (!ForumAccess.CanReply(topic, viewer))
        {
            throw new ForumRuleException("Join the community to reply.");
        }

        Post.Checked(markdown);
        CheckRenders(markdown);
        var profile = await PosterAsync(viewer, ct);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var post = Post.Write(topic, viewer.UserId, anonymous, markdown, idempotencyKey, now);
        Screen(post, profile, viewer, await SettingsAsync(ct));
        db.Posts.Add(post);
        if (post.Status == PostStatus.Published)
        {
            topic.Replied(now);
        }

        if (!await db.Follows.AnyAsync(f => f.TopicId == topicId && f.UserId == viewer.UserId, ct))
        {
            db.Follows.Add(new Follow(topicId, viewer.UserId, now));
        }

        profile.Touch(now);
        if (!await SaveOnceAsync(ct))
        {
            await tx.RollbackAsync(ct);
            return (await ExistingAsync(viewer.UserId, idempotencyKey, ct))!;
        }

        await AfterPostAsync(post, topic, tx, ct);
        await tx.CommitAsync(ct);
        return post;
    }

    /// <summary>Changes a post (its author only); the earlier text goes to the history. The opening post's thread
    /// title and tags change with it.</summary>
    public async Task<Post> EditAsync(ForumViewer viewer, long postId, string markdown, string? title, IReadOnlyList<string>? conditions, IReadOnlyList<string>? topics, TopicVisibility? visibility, CancellationToken ct)
    {
        var post = await db.Posts.FirstOrDefaultAsync(p => p.Id == postId, ct);
        var topic = post is null ? null : await db.Topics.FirstOrDefaultAsync(t => t.Id == post.TopicId, ct);
        if (post is null || topic is null || !ForumAccess.CanSeePost(post, topic, viewer) || !ForumAccess.CanEdit(post, viewer))
        {
            throw new ForumNotFoundException();
        }

        Post.Checked(markdown);
        CheckRenders(markdown);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Revisions.Add(post.Edit(viewer.UserId, markdown, now));
        if (post.IsOpening && title is not null)
        {
            topic.Retitle(title, conditions ?? [.. topic.ConditionList], topics ?? [.. topic.TopicList], now);
            if (visibility is { } v)
            {
                topic.ChangeVisibility(v, now);
            }
        }

        var settings = await SettingsAsync(ct);
        var word = ContentRules.FilteredWord(post.Markdown + "\n" + (post.IsOpening ? topic.Title : ""), settings.FilterWords);
        var alert = false;
        if (word is not null && post.Status == PostStatus.Published)
        {
            post.Hold("word filter");
            db.ModerationLog.Add(new ModerationAction(ModerationKind.Held, "", null, null, "word filter", now));
            if (post.IsOpening)
            {
                topic.OpeningIs(post.Status, now);
            }
        }

        if (ContentRules.MentionsSelfHarm(post.Markdown) && !post.SupportConcern)
        {
            post.MarkSupportConcern();
            alert = true;
        }

        await db.SaveChangesAsync(ct);
        if (alert)
        {
            await AlertModeratorsAsync(ForumNotifications.SafetyAlert, post, "self-harm", tx, ct);
        }

        await ReindexAsync(topic, post, tx, ct);
        await tx.CommitAsync(ct);
        return post;
    }

    /// <summary>A post's earlier versions, newest first, for those who may see the post.</summary>
    public async Task<(Post Post, Topic Topic, List<PostRevision> Revisions)?> HistoryAsync(ForumViewer viewer, long postId, CancellationToken ct)
    {
        var post = await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == postId, ct);
        var topic = post is null ? null : await db.Topics.AsNoTracking().FirstOrDefaultAsync(t => t.Id == post.TopicId, ct);
        if (post is null || topic is null || !ForumAccess.CanSeePost(post, topic, viewer) || !ForumAccess.CanReadText(post, viewer))
        {
            return null;
        }

        var revisions = await db.Revisions.AsNoTracking().Where(r => r.PostId == postId).OrderByDescending(r => r.ReplacedUtc).ToListAsync(ct);
        return (post, topic, revisions);
    }

    public async Task<(Post Post, Topic Topic)?> EditableAsync(ForumViewer viewer, long postId, CancellationToken ct)
    {
        var post = await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == postId, ct);
        var topic = post is null ? null : await db.Topics.AsNoTracking().FirstOrDefaultAsync(t => t.Id == post.TopicId, ct);
        return post is null || topic is null || !ForumAccess.CanSeePost(post, topic, viewer) || !ForumAccess.CanEdit(post, viewer) ? null : (post, topic);
    }

    /// <summary>Adds the reaction, or takes it back when the viewer had given it.</summary>
    public async Task<long> ReactAsync(ForumViewer viewer, long postId, ReactionKind kind, CancellationToken ct)
    {
        var (post, _) = await ReadablePostAsync(viewer, postId, ct);
        if (!Enum.IsDefined(kind) || post.Status != PostStatus.Published)
        {
            throw new ForumRuleException("You can react to shown posts only.");
        }

        var existing = await db.Reactions.FirstOrDefaultAsync(r => r.PostId == postId && r.UserId == viewer.UserId && r.Kind == kind, ct);
        if (existing is null)
        {
            db.Reactions.Add(new Reaction(postId, viewer.UserId, kind, clock.GetUtcNow()));
        }
        else
        {
            db.Reactions.Remove(existing);
        }

        await SaveOnceAsync(ct);
        return post.TopicId;
    }

    public async Task<bool> ToggleBookmarkAsync(ForumViewer viewer, long topicId, CancellationToken ct)
    {
        await ReadableTopicAsync(viewer, topicId, ct);
        var existing = await db.Bookmarks.FirstOrDefaultAsync(b => b.TopicId == topicId && b.UserId == viewer.UserId, ct);
        if (existing is null)
        {
            db.Bookmarks.Add(new Bookmark(topicId, viewer.UserId, clock.GetUtcNow()));
        }
        else
        {
            db.Bookmarks.Remove(existing);
        }

        await SaveOnceAsync(ct);
        return existing is null;
    }

    public async Task<bool> ToggleFollowAsync(ForumViewer viewer, long topicId, CancellationToken ct)
    {
        await ReadableTopicAsync(viewer, topicId, ct);
        var existing = await db.Follows.FirstOrDefaultAsync(f => f.TopicId == topicId && f.UserId == viewer.UserId, ct);
        if (existing is null)
        {
            db.Follows.Add(new Follow(topicId, viewer.UserId, clock.GetUtcNow()));
        }
        else
        {
            db.Follows.Remove(existing);
        }

        await SaveOnceAsync(ct);
        return existing is null;
    }

    /// <summary>Threads the viewer bookmarked and can still see.</summary>
    public async Task<List<Topic>> BookmarksAsync(ForumViewer viewer, CancellationToken ct)
    {
        var ids = await db.Bookmarks.AsNoTracking().Where(b => b.UserId == viewer.UserId).Select(b => b.TopicId).ToListAsync(ct);
        return await access.VisibleTopics(viewer).Where(t => ids.Contains(t.Id)).OrderByDescending(t => t.LastPostUtc).ToListAsync(ct);
    }

    /// <summary>Flags a post. Trusted members' flags count towards hiding it until a moderator has looked.</summary>
    public async Task FlagAsync(ForumViewer viewer, long postId, FlagReason reason, string? note, CancellationToken ct)
    {
        if (viewer.SignedIn && await db.Flags.AnyAsync(f => f.PostId == postId && f.UserId == viewer.UserId, ct))
        {
            return; // flagged already: once is enough (also when the post is hidden by now)
        }

        var (post, topic) = await ReadablePostAsync(viewer, postId, ct);

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var tracked = await db.Posts.FirstAsync(p => p.Id == postId, ct);
        db.Flags.Add(new Flag(postId, viewer.UserId, reason, note, viewer.IsTrusted, now));
        var trustedFlags = await db.Flags.CountAsync(f => f.PostId == postId && f.Trusted && !f.Resolved, ct) + (viewer.IsTrusted ? 1 : 0);
        var before = tracked.Status;
        tracked.Flagged(trustedFlags, options.Value.HideAfterTrustedFlags);
        if (before != tracked.Status)
        {
            db.ModerationLog.Add(new ModerationAction(ModerationKind.HiddenByFlags, "", postId, null, trustedFlags.ToString(CultureInfo.InvariantCulture), now));
            if (tracked.IsOpening)
            {
                var trackedTopic = await db.Topics.FirstAsync(t => t.Id == topic.Id, ct);
                trackedTopic.OpeningIs(tracked.Status, now);
            }
            else
            {
                (await db.Topics.FirstAsync(t => t.Id == topic.Id, ct)).ReplyGone(now);
            }
        }

        if (!await SaveOnceAsync(ct))
        {
            await tx.RollbackAsync(ct);
            return;
        }

        if (before != tracked.Status)
        {
            await indexing.EnqueueAsync(await ChangesForAsync(topic.Id, tracked), tx.GetDbTransaction(), ct);
        }

        await AlertModeratorsAsync(ForumNotifications.ModerationAlert, tracked, reason == FlagReason.SafetyConcern ? "safety concern" : "flagged", tx, ct);
        await tx.CommitAsync(ct);
    }

    internal async Task<ForumSettings> SettingsAsync(CancellationToken ct) =>
        await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == 1, ct) ?? ForumSettings.Defaults();

    private async Task<Post?> ExistingAsync(string userId, string? key, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(key) || userId.Length == 0 ? null
        : await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.AuthorUserId == userId && p.IdempotencyKey == key, ct);

    private async Task<MemberProfile> PosterAsync(ForumViewer viewer, CancellationToken ct)
    {
        var profile = await db.Profiles.FirstOrDefaultAsync(p => p.UserId == viewer.UserId, ct)
            ?? throw new ForumRuleException("Join a community first: you choose the name others see when you join.");
        if (!profile.MayPost(clock.GetUtcNow()))
        {
            throw new ForumRuleException(profile.Standing == MemberStanding.Suspended
                ? "Your account is suspended from posting in the community. Please contact the centre's staff."
                : "A moderator has paused your posting for a while. You can still read the community.");
        }

        return profile;
    }

    /// <summary>The forum's rules for a new post: the word filter and a new member's first post hold it for a
    /// moderator; words about self-harm show the support notice and alert moderators.</summary>
    internal static void Screen(Post post, MemberProfile profile, ForumViewer viewer, ForumSettings settings)
    {
        if (ContentRules.FilteredWord(post.Markdown, settings.FilterWords) is not null)
        {
            post.Hold("word filter");
        }
        else if (!viewer.IsTrusted && profile.ApprovedPosts == 0)
        {
            post.Hold("first post");
        }
        else
        {
            profile.CountApprovedPost();
        }

        if (ContentRules.MentionsSelfHarm(post.Markdown))
        {
            post.MarkSupportConcern();
        }
    }

    private async Task AfterPostAsync(Post post, Topic topic, IDbContextTransaction tx, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (post.Status == PostStatus.Held)
        {
            db.ModerationLog.Add(new ModerationAction(ModerationKind.Held, "", post.Id, null, post.HoldReason, now));
            await db.SaveChangesAsync(ct);
            await AlertModeratorsAsync(ForumNotifications.ModerationAlert, post, post.HoldReason ?? "", tx, ct);
        }

        if (post.SupportConcern)
        {
            db.ModerationLog.Add(new ModerationAction(ModerationKind.SupportAlert, "", post.Id, null, "self-harm", now));
            await db.SaveChangesAsync(ct);
            await AlertModeratorsAsync(ForumNotifications.SafetyAlert, post, "self-harm", tx, ct);
        }

        if (post.Status == PostStatus.Published)
        {
            await indexing.EnqueueAsync([ForumSearchSource.Change(post.Id)], tx.GetDbTransaction(), ct);
            await NotifyReadersAsync(post, topic, tx, ct);
        }
    }

    /// <summary>Followers and people mentioned, told of a shown post, each only if they may read it themselves.</summary>
    internal async Task NotifyReadersAsync(Post post, Topic topic, IDbContextTransaction? tx, CancellationToken ct)
    {
        var author = post.Anonymous ? null : await db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == post.AuthorUserId, ct);
        var url = "/community/posts/" + post.Id.ToString(CultureInfo.InvariantCulture);
        var told = new HashSet<string>(StringComparer.Ordinal) { post.AuthorUserId };
        var mentions = ContentRules.Mentions(post.Markdown).Select(ContentRules.MentionKey).ToHashSet();
        if (mentions.Count > 0)
        {
            var candidates = await db.Profiles.AsNoTracking().Select(p => new { p.UserId, p.DisplayName }).ToListAsync(ct);
            foreach (var person in candidates.Where(p => mentions.Contains(ContentRules.MentionKey(p.DisplayName))))
            {
                if (told.Add(person.UserId) && ForumAccess.CanSeePost(post, topic, await access.MemberViewerAsync(person.UserId, ct)))
                {
                    await NotifyAsync(ForumNotifications.Mention, person.UserId, topic, author, url, "forum-mention:" + post.Id + ":" + person.UserId, tx, ct);
                }
            }
        }

        if (!post.IsOpening)
        {
            var followers = await db.Follows.AsNoTracking().Where(f => f.TopicId == topic.Id).Select(f => f.UserId).ToListAsync(ct);
            foreach (var follower in followers)
            {
                if (told.Add(follower) && ForumAccess.CanSeePost(post, topic, await access.MemberViewerAsync(follower, ct)))
                {
                    await NotifyAsync(ForumNotifications.Reply, follower, topic, author, url, "forum-reply:" + post.Id + ":" + follower, tx, ct);
                }
            }
        }
    }

    /// <summary>Tells the author that a moderator let their held post through.</summary>
    internal async Task NotifyAuthorApprovedAsync(Post post, Topic topic, IDbContextTransaction? tx, CancellationToken ct)
    {
        if (post.AuthorUserId.Length > 0)
        {
            var url = "/community/posts/" + post.Id.ToString(CultureInfo.InvariantCulture);
            await NotifyAsync(ForumNotifications.PostApproved, post.AuthorUserId, topic, null, url, "forum-approved:" + post.Id, tx, ct);
        }
    }

    private async Task NotifyAsync(string kind, string recipient, Topic topic, MemberProfile? author, string url, string key, IDbContextTransaction? tx, CancellationToken ct)
    {
        var person = await directory.FindAsync(recipient, ct);
        if (person is null)
        {
            return;
        }

        var english = person.Culture.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var data = new Dictionary<string, string>
        {
            ["name"] = person.DisplayName,
            ["title"] = topic.Title,
            ["author"] = author?.DisplayName ?? (english ? "An anonymous member" : "一位匿名會員"),
            ["url"] = url,
        };
        await publisher.PublishAsync(new NotificationRequest(kind, recipient, data, key) { Url = url }, tx?.GetDbTransaction(), ct);
    }

    /// <summary>Tells the moderators at once. The alert names no author and quotes no text: only a link to the queue.</summary>
    internal async Task AlertModeratorsAsync(string kind, Post post, string reason, IDbContextTransaction? tx, CancellationToken ct)
    {
        var recipients = new Dictionary<string, PersonInfo>(StringComparer.Ordinal);
        foreach (var role in options.Value.AlertRoles)
        {
            foreach (var person in await directory.InRoleAsync(role, ct))
            {
                recipients.TryAdd(person.UserId, person);
            }
        }

        var url = "/community/moderation#post-" + post.Id.ToString(CultureInfo.InvariantCulture);
        foreach (var person in recipients.Values.Where(p => p.UserId != post.AuthorUserId))
        {
            var data = new Dictionary<string, string> { ["name"] = person.DisplayName, ["reason"] = reason, ["url"] = url };
            var key = kind + ":" + post.Id + ":" + reason + ":" + post.FlagCount + ":" + person.UserId;
            await publisher.PublishAsync(new NotificationRequest(kind, person.UserId, data, key) { Url = url }, tx?.GetDbTransaction(), ct);
        }
    }

    internal async Task ReindexAsync(Topic topic, Post post, IDbContextTransaction tx, CancellationToken ct) =>
        await indexing.EnqueueAsync(await ChangesForAsync(topic.Id, post), tx.GetDbTransaction(), ct);

    /// <summary>The opening post's changes (title, visibility, status) reach every post of the thread in search.</summary>
    internal async Task<IReadOnlyCollection<IndexChange>> ChangesForAsync(long topicId, Post post) =>
        post.IsOpening
            ? [.. (await db.Posts.AsNoTracking().Where(p => p.TopicId == topicId).Select(p => p.Id).ToListAsync()).Select(ForumSearchSource.Change)]
            : [ForumSearchSource.Change(post.Id)];

    private async Task<(Post Post, Topic Topic)> ReadablePostAsync(ForumViewer viewer, long postId, CancellationToken ct)
    {
        var post = await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == postId, ct);
        var topic = post is null ? null : await db.Topics.AsNoTracking().FirstOrDefaultAsync(t => t.Id == post.TopicId, ct);
        if (!viewer.SignedIn || post is null || topic is null || !ForumAccess.CanSeePost(post, topic, viewer))
        {
            throw new ForumNotFoundException();
        }

        return (post, topic);
    }

    private async Task<Topic> ReadableTopicAsync(ForumViewer viewer, long topicId, CancellationToken ct)
    {
        var topic = await db.Topics.AsNoTracking().FirstOrDefaultAsync(t => t.Id == topicId, ct);
        if (!viewer.SignedIn || topic is null || !ForumAccess.CanSeeTopic(topic, viewer))
        {
            throw new ForumNotFoundException();
        }

        return topic;
    }

    /// <summary>Saves; false when a unique index refused the change (the same click twice): nothing was changed.</summary>
    private async Task<bool> SaveOnceAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>The authors' names for a list of threads or posts, by user id (people without a profile are absent).</summary>
    internal async Task<Dictionary<string, AuthorName>> AuthorNamesAsync(IEnumerable<string> userIds, CancellationToken ct)
    {
        var ids = userIds.Where(id => id.Length > 0).Distinct().ToList();
        return ids.Count == 0 ? [] : (await AuthorsOf.ToListAsync(db, ids, ct))
            .ToDictionary(p => p.UserId, p => new AuthorName(p.DisplayName, p.PublicId), StringComparer.Ordinal);
    }

    /// <summary>Every forum page with posts or threads asks for their authors' names (compiled: see Portal.Data.CompiledQuery).</summary>
    private static readonly Portal.Data.CompiledListQuery<ForumDbContext, List<string>, AuthorRow> AuthorsOf =
        new((db, ids) => db.Profiles.AsNoTracking().Where(p => ids.Contains(p.UserId)).Select(p => new AuthorRow(p.UserId, p.DisplayName, p.PublicId)));

    private sealed record AuthorRow(string UserId, string DisplayName, string PublicId);
}

/// <summary>The thread or post does not exist or the viewer may not see it (pages answer 404 either way).</summary>
public sealed class ForumNotFoundException : Exception
{
    public ForumNotFoundException() : base("Not found.")
    {
    }

    public ForumNotFoundException(string message) : base(message)
    {
    }

    public ForumNotFoundException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
