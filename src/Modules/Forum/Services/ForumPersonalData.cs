using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Forum.Data;
using Portal.Forum.Models;
using Portal.Forum.Resources;
using Portal.Privacy;
using Portal.Search;

namespace Portal.Forum.Services;

/// <summary>
/// The forum's part of a person's data. Export: their profile, memberships, threads and posts (with earlier
/// versions), reactions, bookmarks, follows, flags, ratings and contact requests; others' words are left out and a
/// thread's title only when the person may still read it. Erasure follows the choice on their profile: remove
/// their posts (the text goes; replies of others stay readable) or keep them anonymised (shown as by a former
/// member). Either way the profile, memberships, reactions, bookmarks, follows, ratings and contact requests are
/// deleted, and flags and moderation decisions lose their link to the person.
/// </summary>
internal sealed class ForumPersonalData(ForumDbContext db, ForumAccess access, IIndexingQueue indexing, IStringLocalizer<ForumStrings> t, CommunityMemberCounts memberCounts)
    : IPersonalDataProvider
{
    public string Section => "forum";

    public string Title => t["Peer community"];

    public async Task<PersonalDataSection> ExportAsync(string userId, CancellationToken cancellationToken = default)
    {
        var ct = cancellationToken;
        var tables = new List<PersonalDataTable>();
        var profile = await db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, ct);
        if (profile is not null)
        {
            tables.Add(new("profile", t["Profile"],
            [
                PersonalDataRow.Of(("displayName", profile.DisplayName), ("conditions", string.Join("; ", profile.Conditions.Select(c => c.SinceYear is { } y ? $"{c.Condition} ({y})" : c.Condition))),
                    ("conditionsVisibility", profile.ConditionsVisibility), ("ageBand", profile.AgeBand), ("ageBandVisibility", profile.AgeBandVisibility),
                    ("district", profile.District), ("districtVisibility", profile.DistrictVisibility), ("caringRole", profile.CaringRole),
                    ("caringRoleVisibility", profile.CaringRoleVisibility), ("findable", profile.Findable), ("ratingsInStatistics", profile.RatingsInStatistics), ("onAccountDeletion", profile.OnErasure),
                    ("standing", profile.Standing), ("mutedUntil", profile.MutedUntilUtc), ("created", profile.CreatedUtc)),
            ]));
        }

        var communities = await db.Communities.AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId).ToListAsync(ct);
        tables.Add(new("memberships", t["Communities"], [.. memberships.Select(m => PersonalDataRow.Of(("community", communities[m.CommunityId].NameEn), ("joined", m.JoinedUtc)))]));

        var topics = await db.Topics.AsNoTracking().Where(x => x.AuthorUserId == userId).OrderBy(x => x.Id).ToListAsync(ct);
        tables.Add(new("threads", t["Threads"], [.. topics.Select(x => PersonalDataRow.Of(("id", x.Id), ("community", communities[x.CommunityId].NameEn), ("kind", x.Kind), ("title", x.Title),
            ("visibility", x.RequestedVisibility), ("publicApproved", x.PublicApproved), ("anonymous", x.Anonymous), ("conditions", x.ConditionTags), ("topics", x.TopicTags), ("created", x.CreatedUtc)))]));

        var posts = await db.Posts.AsNoTracking().Where(p => p.AuthorUserId == userId).OrderBy(p => p.Id).ToListAsync(ct);
        tables.Add(new("posts", t["Posts"], [.. posts.Select(p => PersonalDataRow.Of(("id", p.Id), ("thread", p.TopicId), ("text", p.Markdown), ("anonymous", p.Anonymous),
            ("status", p.Status), ("created", p.CreatedUtc), ("edited", p.EditedUtc)))]));
        var postIds = posts.Select(p => p.Id).ToList();
        var revisions = await db.Revisions.AsNoTracking().Where(r => postIds.Contains(r.PostId) || r.EditorUserId == userId).OrderBy(r => r.Id).ToListAsync(ct);
        tables.Add(new("postVersions", t["Earlier versions of posts"], [.. revisions.Select(r => PersonalDataRow.Of(("post", r.PostId), ("text", r.Markdown), ("written", r.WrittenUtc), ("replaced", r.ReplacedUtc)))]));

        tables.Add(new("reactions", t["Reactions"], [.. (await db.Reactions.AsNoTracking().Where(r => r.UserId == userId).ToListAsync(ct)).Select(r => PersonalDataRow.Of(("post", r.PostId), ("reaction", r.Kind), ("when", r.CreatedUtc)))]));

        // Bookmarked and followed threads: the title only while the person may still read the thread.
        var viewer = await access.MemberViewerAsync(userId, ct);
        var readable = await access.VisibleTopics(viewer).Select(x => new { x.Id, x.Title }).ToDictionaryAsync(x => x.Id, x => x.Title, ct);
        tables.Add(new("bookmarks", t["Bookmarks"], [.. (await db.Bookmarks.AsNoTracking().Where(b => b.UserId == userId).ToListAsync(ct)).Select(b => PersonalDataRow.Of(("thread", b.TopicId), ("title", readable.GetValueOrDefault(b.TopicId)), ("when", b.CreatedUtc)))]));
        tables.Add(new("follows", t["Followed threads"], [.. (await db.Follows.AsNoTracking().Where(f => f.UserId == userId).ToListAsync(ct)).Select(f => PersonalDataRow.Of(("thread", f.TopicId), ("title", readable.GetValueOrDefault(f.TopicId)), ("when", f.CreatedUtc)))]));
        tables.Add(new("flags", t["Posts you flagged"], [.. (await db.Flags.AsNoTracking().Where(f => f.UserId == userId).ToListAsync(ct)).Select(f => PersonalDataRow.Of(("post", f.PostId), ("reason", f.Reason), ("note", f.Note), ("when", f.CreatedUtc)))]));
        tables.Add(new("ratings", t["Treatment ratings"], [.. (await db.Ratings.AsNoTracking().Where(r => r.UserId == userId).ToListAsync(ct)).Select(r => PersonalDataRow.Of(("condition", r.Condition), ("treatment", r.Treatment),
            ("kind", r.Kind), ("effectiveness", r.Effectiveness), ("sideEffects", r.SideEffects), ("burden", r.Burden), ("duration", r.Duration), ("stillUsing", r.StillUsing), ("whyStopped", r.WhyStopped), ("updated", r.UpdatedUtc)))]));
        var sent = await db.ContactRequests.AsNoTracking().Where(r => r.FromUserId == userId).ToListAsync(ct);
        var received = await db.ContactRequests.AsNoTracking().Where(r => r.ToUserId == userId).ToListAsync(ct);
        tables.Add(new("contactRequests", t["Contact requests"],
        [
            .. sent.Select(r => PersonalDataRow.Of(("direction", "sent"), ("message", r.Message), ("status", r.Status), ("when", r.CreatedUtc))),
            .. received.Select(r => PersonalDataRow.Of(("direction", "received"), ("message", null), ("status", r.Status), ("when", r.CreatedUtc), ("yourReply", r.Reply))),
        ]));
        var decisions = await db.ModerationLog.AsNoTracking().Where(a => a.ModeratorUserId == userId).ToListAsync(ct);
        tables.Add(new("moderationDecisions", t["Your moderation decisions"], [.. decisions.Select(a => PersonalDataRow.Of(("decision", a.Kind), ("post", a.PostId), ("reason", a.Reason), ("when", a.CreatedUtc)))]));
        return new PersonalDataSection(Section, Title, [.. tables.Where(x => x.Rows.Count > 0)]);
    }

    public async Task<PersonalDataErasure> EraseAsync(string userId, CancellationToken cancellationToken = default)
    {
        var ct = cancellationToken;
        if (string.IsNullOrEmpty(userId))
        {
            return PersonalDataErasure.None;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var profile = await db.Profiles.FirstOrDefaultAsync(p => p.UserId == userId, ct);
        var remove = profile?.OnErasure != ErasureChoice.KeepAnonymised;
        int deleted = 0, anonymised = 0;

        var posts = await db.Posts.Where(p => p.AuthorUserId == userId).ToListAsync(ct);
        var postIds = posts.Select(p => p.Id).ToList();
        foreach (var post in posts)
        {
            if (remove)
            {
                post.EraseText();
            }
            else
            {
                post.EraseAuthor();
            }

            anonymised++;
        }

        var revisions = await db.Revisions.Where(r => postIds.Contains(r.PostId) || r.EditorUserId == userId).ToListAsync(ct);
        if (remove)
        {
            db.Revisions.RemoveRange(revisions.Where(r => postIds.Contains(r.PostId)));
            deleted += revisions.Count(r => postIds.Contains(r.PostId));
        }

        foreach (var revision in revisions.Where(r => r.EditorUserId == userId && (!remove || !postIds.Contains(r.PostId))))
        {
            revision.EraseEditor();
            anonymised++;
        }

        foreach (var topic in await db.Topics.Where(x => x.AuthorUserId == userId).ToListAsync(ct))
        {
            topic.EraseAuthor(remove);
            anonymised++;
        }

        foreach (var flag in await db.Flags.Where(f => f.UserId == userId).ToListAsync(ct))
        {
            flag.EraseReporter();
            anonymised++;
        }

        foreach (var action in await db.ModerationLog.Where(a => a.ModeratorUserId == userId || (profile != null && a.ProfileId == profile.Id)).ToListAsync(ct))
        {
            if (action.ModeratorUserId == userId)
            {
                action.EraseModerator();
            }

            if (profile is not null && action.ProfileId == profile.Id)
            {
                action.ForgetProfile();
            }

            anonymised++;
        }

        await db.SaveChangesAsync(ct);
        deleted += await db.Reactions.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
        deleted += await db.Bookmarks.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
        deleted += await db.Follows.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
        deleted += await db.Memberships.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
        deleted += await db.Ratings.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
        deleted += await db.ContactRequests.Where(r => r.FromUserId == userId || r.ToUserId == userId).ExecuteDeleteAsync(ct);
        if (profile is not null)
        {
            db.Profiles.Remove(profile);
            await db.SaveChangesAsync(ct);
            deleted++;
        }

        if (postIds.Count > 0)
        {
            await indexing.EnqueueAsync([.. postIds.Select(ForumSearchSource.Change)], Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(tx), ct);
        }

        await tx.CommitAsync(ct);
        await access.ForgetMembershipsAsync(userId, ct);
        await memberCounts.ChangedAsync(ct);
        return new PersonalDataErasure(deleted, anonymised);
    }
}
