using System.Collections.Frozen;
using System.Linq.Expressions;
using System.Security.Claims;
using LinqKit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Portal.Caching;
using Portal.Forum.Data;
using Portal.Forum.Models;
using Portal.Search;
using Portal.Security;

namespace Portal.Forum.Services;

/// <summary>Who is asking: their user id ("" when signed out), the communities they belong to, and their rights.</summary>
public sealed record ForumViewer(string UserId, IReadOnlySet<long> Communities, bool IsModerator, bool IsTrusted)
{
    public static ForumViewer Visitor { get; } = new("", new HashSet<long>(), false, false);

    public bool SignedIn => UserId.Length > 0;

    public bool IsMemberOf(long communityId) => Communities.Contains(communityId);
}

/// <summary>How a post's author is shown to one viewer.</summary>
/// <param name="Name">The display name, or null for "Anonymous member" / "Former member".</param>
/// <param name="ProfileId">The profile to link to, or null (anonymous posts never link).</param>
/// <param name="Anonymous">Shown as "Anonymous member".</param>
/// <param name="Erased">Shown as "Former member" (the author deleted their account).</param>
/// <param name="RevealedToModerator">A moderator sees the author of an anonymous post, marked as such.</param>
public sealed record AuthorView(string? Name, string? ProfileId, bool Anonymous, bool Erased, bool RevealedToModerator);

/// <summary>What a list of posts needs of an author's profile: the name shown and the profile's address (read as these
/// two columns, not as the whole profile with its conditions).</summary>
public sealed record AuthorName(string DisplayName, string PublicId);

/// <summary>
/// The forum's one object-level authorisation service: who may see a thread, a post and each profile field, and
/// how a post's author is shown. Pages, search documents and audiences, notifications, exports and metrics all ask
/// here. Rules:
/// <list type="bullet">
/// <item>A thread is visible to everyone only when it is an experience article asked to be public and approved by a
/// moderator; "all members" threads to everyone signed in; otherwise ("my community", the default, and public
/// articles still waiting) to the community's members. Moderators see every thread.</item>
/// <item>A held, hidden or removed post is seen by its author and moderators only.</item>
/// <item>An anonymous post shows "Anonymous member" to everyone but moderators; its author never leaves the server
/// in a page, a search document or a notification.</item>
/// <item>A profile field is shown by its owner's choice: only me, members of my communities, all members.</item>
/// </list>
/// </summary>
public sealed class ForumAccess(ForumDbContext db, IAuthorizationService authorization, PersonCache<ForumMemberships> memberships)
{
    public const string ModeratorAudience = "forum:moderators";

    public static string CommunityAudience(long communityId) => "community:" + communityId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<ForumViewer> ViewerAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var userId = user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "" : "";
        if (userId.Length == 0)
        {
            return ForumViewer.Visitor;
        }

        var moderator = await authorization.AuthorizeAsync(user, Permissions.ModerateForum);
        var trusted = moderator || await authorization.AuthorizeAsync(user, Permissions.TrustedForumMember);
        return new ForumViewer(userId, await CommunitiesOfAsync(userId, ct), moderator, trusted);
    }

    /// <summary>A viewer for someone who is not making this request (notification recipients): their memberships,
    /// and no moderator rights, so they are told only what they could read as a member.</summary>
    public async Task<ForumViewer> MemberViewerAsync(string userId, CancellationToken ct = default) =>
        string.IsNullOrEmpty(userId) ? ForumViewer.Visitor : new ForumViewer(userId, await CommunitiesOfAsync(userId, ct), false, false);

    private async Task<IReadOnlySet<long>> CommunitiesOfAsync(string userId, CancellationToken ct) =>
        (await MembershipsAsync(userId, ct)).Communities;

    /// <summary>Whether the person has a forum profile (false for a visitor).</summary>
    public async Task<bool> HasProfileAsync(string userId, CancellationToken ct) =>
        !string.IsNullOrEmpty(userId) && (await MembershipsAsync(userId, ct)).HasProfile;

    /// <summary>After a change of the person's memberships or profile is committed: read again here and on every node.</summary>
    public Task ForgetMembershipsAsync(string userId, CancellationToken ct) =>
        string.IsNullOrEmpty(userId) ? Task.CompletedTask : memberships.ForgetAsync(userId, ct);

    private async Task<ForumMemberships> MembershipsAsync(string userId, CancellationToken ct) =>
        await memberships.GetOrCreateAsync(userId, (db, userId), static async (state, ct) =>
        {
            var (db, userId) = state;
            var communities = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.CommunityId).ToListAsync(ct);
            var hasProfile = await db.Profiles.AsNoTracking().AnyAsync(p => p.UserId == userId, ct);
            return new ForumMemberships(communities.ToFrozenSet(), hasProfile);
        }, ct);

    /// <summary>May the viewer read the thread at all (its opening post's status aside)?</summary>
    public static bool CanReadThread(Topic topic, ForumViewer viewer) =>
        viewer.IsModerator || topic.Visibility switch
        {
            TopicVisibility.Public => true,
            TopicVisibility.Members => viewer.SignedIn,
            _ => viewer.SignedIn && viewer.IsMemberOf(topic.CommunityId),
        };

    /// <summary>May the viewer see the thread (listed, opened)? A held or hidden thread only by its author and moderators.</summary>
    public static bool CanSeeTopic(Topic topic, ForumViewer viewer) =>
        CanReadThread(topic, viewer) && (topic.Status == PostStatus.Published || viewer.IsModerator || IsAuthor(topic.AuthorUserId, viewer));

    public static bool CanSeePost(Post post, Topic topic, ForumViewer viewer) =>
        CanSeeTopic(topic, viewer) && (post.Status == PostStatus.Published || viewer.IsModerator || IsAuthor(post.AuthorUserId, viewer));

    /// <summary>Whether the viewer may see the text of a post they can see (a removed post shows a note instead).</summary>
    public static bool CanReadText(Post post, ForumViewer viewer) =>
        post.Status != PostStatus.Removed || (viewer.IsModerator && post.Markdown.Length > 0);

    public static bool CanReply(Topic topic, ForumViewer viewer) =>
        viewer.SignedIn && topic.Status == PostStatus.Published && (viewer.IsMemberOf(topic.CommunityId) || viewer.IsModerator);

    public static bool CanPostIn(long communityId, ForumViewer viewer) =>
        viewer.SignedIn && (viewer.IsMemberOf(communityId) || viewer.IsModerator);

    public static bool CanEdit(Post post, ForumViewer viewer) =>
        IsAuthor(post.AuthorUserId, viewer) && post.Status != PostStatus.Removed;

    private static bool IsAuthor(string authorUserId, ForumViewer viewer) =>
        viewer.SignedIn && authorUserId.Length > 0 && authorUserId == viewer.UserId;

    /// <summary>The threads the viewer may see, as a query (lists, bookmarks, exports), filtered in the database.</summary>
    public IQueryable<Topic> VisibleTopics(ForumViewer viewer)
    {
        var topics = db.Topics.AsNoTracking();
        if (viewer.IsModerator)
        {
            return topics;
        }

        if (!viewer.SignedIn)
        {
            return topics.Where(t => t.Status == PostStatus.Published && t.RequestedVisibility == TopicVisibility.Public && t.Kind == TopicKind.Article && t.PublicApproved);
        }

        var communities = viewer.Communities.ToList();
        var me = viewer.UserId;
        Expression<Func<Topic, bool>> visible = t => MemberMaySee.Invoke(t, me, communities);
        return topics.Where(visible.Expand());
    }

    /// <summary>
    /// Which threads a signed-in member who is not a moderator may see, given their id and their communities: published
    /// ones (and their own held ones) that are approved public articles, open to all members, or in one of their
    /// communities. One expression for <see cref="VisibleTopics"/> and for compiled queries (LinqKit inlines it).
    /// </summary>
    internal static readonly Expression<Func<Topic, string, List<long>, bool>> MemberMaySee = (t, me, communities) =>
        (t.Status == PostStatus.Published || t.AuthorUserId == me)
        && ((t.RequestedVisibility == TopicVisibility.Public && t.Kind == TopicKind.Article && t.PublicApproved)
            || t.RequestedVisibility == TopicVisibility.Members
            || communities.Contains(t.CommunityId));

    /// <summary>The posts of a thread the viewer can see (the thread itself checked already).</summary>
    public IQueryable<Post> VisiblePosts(long topicId, ForumViewer viewer)
    {
        var posts = db.Posts.AsNoTracking().Where(p => p.TopicId == topicId);
        if (viewer.IsModerator)
        {
            return posts;
        }

        var me = viewer.UserId;
        return viewer.SignedIn
            ? posts.Where(p => p.Status == PostStatus.Published || p.Status == PostStatus.Removed || p.AuthorUserId == me)
            : posts.Where(p => p.Status == PostStatus.Published || p.Status == PostStatus.Removed);
    }

    /// <summary>How the author of a post is shown to the viewer. Anonymous posts: no name, no profile link, except to
    /// moderators (who see the name, marked).</summary>
    public static AuthorView Author(bool anonymous, bool erased, AuthorName? profile, ForumViewer viewer)
    {
        if (erased)
        {
            return new AuthorView(null, null, false, true, false);
        }

        if (anonymous)
        {
            return viewer.IsModerator && profile is not null
                ? new AuthorView(profile.DisplayName, profile.PublicId, true, false, true)
                : new AuthorView(null, null, true, false, false);
        }

        return new AuthorView(profile?.DisplayName, profile?.PublicId, false, false, false);
    }

    /// <summary>Is a profile field with this visibility shown to the viewer? <paramref name="sharesCommunity"/>: the
    /// viewer and the owner belong to at least one community together.</summary>
    public static bool CanSeeField(FieldVisibility visibility, MemberProfile owner, ForumViewer viewer, bool sharesCommunity) =>
        viewer.SignedIn && (owner.UserId == viewer.UserId || visibility switch
        {
            FieldVisibility.AllMembers => true,
            FieldVisibility.MyCommunities => sharesCommunity,
            _ => false,
        });

    public async Task<bool> SharesCommunityAsync(string ownerUserId, ForumViewer viewer, CancellationToken ct)
    {
        if (!viewer.SignedIn || viewer.Communities.Count == 0)
        {
            return false;
        }

        var mine = viewer.Communities.ToList();
        return await db.Memberships.AsNoTracking().AnyAsync(m => m.UserId == ownerUserId && mine.Contains(m.CommunityId), ct);
    }

    /// <summary>Who finds a thread's posts in search: the same rule as <see cref="CanReadThread"/>, as audiences.</summary>
    public static SearchVisibility SearchVisibilityOf(Topic topic) => topic.Visibility switch
    {
        TopicVisibility.Public => SearchVisibility.Public,
        TopicVisibility.Members => SearchVisibility.SignedIn,
        _ => new SearchVisibility([CommunityAudience(topic.CommunityId), ModeratorAudience]),
    };
}

/// <summary>Gives a signed-in person the audiences of their communities (and moderators theirs), so search shows
/// them community-only posts and nobody else.</summary>
internal sealed class ForumAudienceProvider(ForumAccess access) : Portal.Search.IAudienceProvider
{
    public async Task<IEnumerable<string>> GetAudiencesAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var viewer = await access.ViewerAsync(user, cancellationToken);
        if (!viewer.SignedIn)
        {
            return [];
        }

        var audiences = viewer.Communities.Select(ForumAccess.CommunityAudience).ToList();
        if (viewer.IsModerator)
        {
            audiences.Add(ForumAccess.ModeratorAudience);
        }

        return audiences;
    }
}
