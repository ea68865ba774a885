using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Caching;
using Portal.Forum.Data;
using Portal.Forum.Models;
using Portal.Forum.Services;
using Portal.People;
using Portal.Recipes;
using Portal.Search;

namespace Portal.Forum.Recipes;

public sealed class ForumModel
{
    public List<RecipeCommunity> Communities { get; set; } = [];
    public List<RecipeMember> Members { get; set; } = [];
    public List<RecipeThread> Threads { get; set; } = [];
    public List<RecipeRating> Ratings { get; set; } = [];
    public List<string> WordFilter { get; set; } = [];
}

public sealed class RecipeCommunity
{
    public string Slug { get; set; } = "";
    public string Condition { get; set; } = "";
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string DescriptionZh { get; set; } = "";
    public string DescriptionEn { get; set; } = "";
    public string GuidelinesZh { get; set; } = "";
    public string GuidelinesEn { get; set; } = "";
    public int SortOrder { get; set; }
}

public sealed class RecipeMember
{
    public string UserName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public List<string> Communities { get; set; } = [];
    public Dictionary<string, int?> Conditions { get; set; } = [];
    public string? AgeBand { get; set; }
    public string? District { get; set; }
    public string? CaringRole { get; set; }

    /// <summary>me, communities or all: used for every field.</summary>
    public string Visibility { get; set; } = "communities";
    public bool Findable { get; set; }
}

public sealed class RecipeThread
{
    public string Community { get; set; } = "";
    public string Author { get; set; } = "";
    public string Kind { get; set; } = "discussion";
    public string Title { get; set; } = "";
    public string Culture { get; set; } = "zh-HK";

    /// <summary>community, members or public.</summary>
    public string Visibility { get; set; } = "community";
    public bool PublicApproved { get; set; }
    public bool Anonymous { get; set; }
    public List<string> Conditions { get; set; } = [];
    public List<string> Topics { get; set; } = [];
    public int DaysAgo { get; set; } = 10;
    public string Text { get; set; } = "";
    public List<RecipeReply> Replies { get; set; } = [];
}

public sealed class RecipeReply
{
    public string Author { get; set; } = "";
    public bool Anonymous { get; set; }
    public string Text { get; set; } = "";
    public List<string> Reactions { get; set; } = [];
}

public sealed class RecipeRating
{
    public string UserName { get; set; } = "";
    public string Condition { get; set; } = "";
    public string Treatment { get; set; } = "";
    public string Kind { get; set; } = "treatment";
    public int Effectiveness { get; set; } = 3;
    public int SideEffects { get; set; }
    public int Burden { get; set; } = 2;
    public string Duration { get; set; } = "one-to-six-months";
    public bool StillUsing { get; set; } = true;
    public string? WhyStopped { get; set; }
}

/// <summary>Demo communities, members, threads with replies, and ratings. Idempotent: a community is matched on its
/// slug, a profile on its user, a thread on (community, title), a rating on (user, condition, treatment).</summary>
internal sealed class ForumStep(ForumDbContext db, IPersonDirectory directory, TimeProvider clock, IIndexingQueue indexing, PersonCache<ForumMemberships> memberships,
    CommunityMemberCounts memberCounts,
    CommunityList communityList)
    : RecipeStepHandler<ForumModel>
{
    public override string StepName => "Forum";

    public override IEnumerable<string> Validate(ForumModel model, RecipeExecutionContext context)
    {
        var slugs = model.Communities.Select(c => c.Slug).ToHashSet();
        foreach (var c in model.Communities.Where(c => !Vocabulary.Has(Vocabulary.Conditions, c.Condition)))
        {
            yield return $"Community {c.Slug}: unknown condition '{c.Condition}'.";
        }

        foreach (var m in model.Members)
        {
            if (m.Visibility is not ("me" or "communities" or "all"))
            {
                yield return $"Member {m.UserName}: visibility must be me, communities or all.";
            }

            foreach (var c in m.Communities.Where(c => !slugs.Contains(c)))
            {
                yield return $"Member {m.UserName}: unknown community '{c}'.";
            }
        }

        foreach (var t in model.Threads)
        {
            if (!slugs.Contains(t.Community))
            {
                yield return $"Thread '{t.Title}': unknown community '{t.Community}'.";
            }

            if (t.Kind is not ("discussion" or "article") || t.Visibility is not ("community" or "members" or "public"))
            {
                yield return $"Thread '{t.Title}': kind must be discussion or article, visibility community, members or public.";
            }
        }

        foreach (var r in model.Ratings.Where(r => !Vocabulary.Has(Vocabulary.Conditions, r.Condition)))
        {
            yield return $"Rating by {r.UserName}: unknown condition '{r.Condition}'.";
        }
    }

    public override async Task ExecuteAsync(ForumModel model, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        var now = clock.GetUtcNow();
        foreach (var c in model.Communities)
        {
            var community = await db.Communities.FirstOrDefaultAsync(x => x.Slug == c.Slug, ct);
            if (community is null)
            {
                community = Community.Create(c.Slug, c.Condition, now.AddDays(-200));
                db.Communities.Add(community);
            }

            community.Describe(c.NameZh, c.NameEn, c.DescriptionZh, c.DescriptionEn, c.GuidelinesZh, c.GuidelinesEn, c.SortOrder);
        }

        if (model.WordFilter.Count > 0)
        {
            var settings = await db.Settings.FirstOrDefaultAsync(s => s.Id == 1, ct);
            if (settings is null)
            {
                settings = ForumSettings.Defaults();
                settings.Change(ForumSettings.DefaultNoticeZh, ForumSettings.DefaultNoticeEn, string.Join('\n', model.WordFilter), now);
                db.Settings.Add(settings);
            }
        }

        await db.SaveChangesAsync(ct);
        var communities = await db.Communities.ToDictionaryAsync(x => x.Slug, ct);
        var users = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        async Task<string> UserIdAsync(string userName)
        {
            if (!users.TryGetValue(userName, out var id))
            {
                id = (await directory.FindByUserNameAsync(userName, ct) ?? throw new InvalidOperationException($"Forum: no account named {userName}.")).UserId;
                users[userName] = id;
            }

            return id;
        }

        foreach (var m in model.Members)
        {
            var userId = await UserIdAsync(m.UserName);
            var profile = await db.Profiles.FirstOrDefaultAsync(p => p.UserId == userId, ct);
            if (profile is null)
            {
                profile = MemberProfile.Create(userId, m.DisplayName, now.AddDays(-150));
                var visibility = m.Visibility switch { "me" => FieldVisibility.OnlyMe, "all" => FieldVisibility.AllMembers, _ => FieldVisibility.MyCommunities };
                profile.Update([.. m.Conditions.Select(kv => (kv.Key, kv.Value))], visibility, m.AgeBand, visibility, m.District, visibility, m.CaringRole, visibility,
                    m.Findable, ErasureChoice.RemovePosts, Globalization.PortalCultures.Today(clock).Year);
                for (var i = 0; i < 3; i++)
                {
                    profile.CountApprovedPost(); // demo members are past their first-post review
                }

                profile.Touch(now.AddDays(-2));
                db.Profiles.Add(profile);
            }

            foreach (var slug in m.Communities)
            {
                var communityId = communities[slug].Id;
                if (!await db.Memberships.AnyAsync(x => x.CommunityId == communityId && x.UserId == userId, ct))
                {
                    db.Memberships.Add(Membership.Join(communityId, userId, now.AddDays(-140)));
                }
            }
        }

        await db.SaveChangesAsync(ct);

        // The posts and their indexing-log rows commit together (the accounts above are only read from here on).
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changes = new List<IndexChange>();
        foreach (var t in model.Threads)
        {
            var community = communities[t.Community];
            if (await db.Topics.AnyAsync(x => x.CommunityId == community.Id && x.Title == t.Title, ct))
            {
                continue;
            }

            var when = now.AddDays(-t.DaysAgo);
            var kind = t.Kind == "article" ? TopicKind.Article : TopicKind.Discussion;
            var visibility = t.Visibility switch { "public" => TopicVisibility.Public, "members" => TopicVisibility.Members, _ => TopicVisibility.Community };
            var author = await UserIdAsync(t.Author);
            var topic = Topic.Start(community.Id, author, kind, t.Title, t.Culture, visibility, t.Anonymous, t.Conditions, t.Topics, when);
            if (t.PublicApproved && topic.AwaitingPublicApproval)
            {
                topic.ApprovePublic(when);
            }

            db.Topics.Add(topic);
            await db.SaveChangesAsync(ct);
            var posts = new List<Post> { Post.Write(topic, author, t.Anonymous, t.Text, null, when) };
            db.Follows.Add(new Follow(topic.Id, author, when));
            var step = TimeSpan.FromDays(t.DaysAgo) / (t.Replies.Count + 1);
            var i = 0;
            foreach (var r in t.Replies)
            {
                i++;
                var replyAuthor = await UserIdAsync(r.Author);
                var at = when + step * i;
                var reply = Post.Write(topic, replyAuthor, r.Anonymous, r.Text, null, at);
                if (ContentRules.MentionsSelfHarm(reply.Markdown))
                {
                    reply.MarkSupportConcern();
                    reply.ReviewSupport();
                }

                posts.Add(reply);
                topic.Replied(at);
            }

            db.Posts.AddRange(posts);
            await db.SaveChangesAsync(ct);
            for (var n = 1; n < posts.Count; n++)
            {
                foreach (var (reaction, k) in t.Replies[n - 1].Reactions.Select((name, k) => (name, k)))
                {
                    var kindOf = reaction switch { "hug" => ReactionKind.Hug, "thank-you" => ReactionKind.ThankYou, _ => ReactionKind.Helpful };
                    var reactor = await UserIdAsync(k % 2 == 0 ? t.Author : model.Members[(n + k) % model.Members.Count].UserName);
                    if (reactor != posts[n].AuthorUserId && !db.ChangeTracker.Entries<Reaction>().Any(e => e.Entity.PostId == posts[n].Id && e.Entity.UserId == reactor && e.Entity.Kind == kindOf))
                    {
                        db.Reactions.Add(new Reaction(posts[n].Id, reactor, kindOf, posts[n].CreatedUtc.AddHours(3)));
                    }
                }
            }

            await db.SaveChangesAsync(ct);
            changes.AddRange(posts.Select(p => ForumSearchSource.Change(p.Id)));
        }

        foreach (var r in model.Ratings)
        {
            var userId = await UserIdAsync(r.UserName);
            var key = TreatmentRating.KeyOf(r.Treatment);
            if (await db.Ratings.AnyAsync(x => x.UserId == userId && x.Condition == r.Condition && x.Key == key, ct)
                || db.ChangeTracker.Entries<TreatmentRating>().Any(e => e.Entity.UserId == userId && e.Entity.Condition == r.Condition && e.Entity.Key == key))
            {
                continue;
            }

            var rating = TreatmentRating.Rate(userId, r.Condition, r.Treatment, now.AddDays(-30));
            rating.Score(
                r.Kind switch { "therapy" => TreatmentKind.Therapy, "coping" => TreatmentKind.Coping, _ => TreatmentKind.Treatment },
                r.Effectiveness, r.SideEffects, r.Burden,
                r.Duration switch
                {
                    "under-a-month" => RatingDuration.UnderMonth,
                    "six-to-twelve-months" => RatingDuration.SixToTwelveMonths,
                    "one-to-two-years" => RatingDuration.OneToTwoYears,
                    "over-two-years" => RatingDuration.OverTwoYears,
                    _ => RatingDuration.OneToSixMonths,
                },
                r.StillUsing,
                r.WhyStopped switch
                {
                    "did-not-help" => StopReason.DidNotHelp,
                    "side-effects" => StopReason.SideEffects,
                    "cost" => StopReason.Cost,
                    "too-much-effort" => StopReason.TooMuchEffort,
                    "doctor-advised" => StopReason.DoctorAdvised,
                    "no-longer-needed" => StopReason.NoLongerNeeded,
                    null => StopReason.None,
                    _ => StopReason.Other,
                },
                now.AddDays(-30));
            db.Ratings.Add(rating);
        }

        await db.SaveChangesAsync(ct);
        if (changes.Count > 0)
        {
            await indexing.EnqueueAsync(changes, tx.GetDbTransaction(), ct);
        }

        await tx.CommitAsync(ct);
        await memberships.ForgetEveryoneAsync(ct); // members joined communities and made profiles
        await memberCounts.ChangedAsync(ct);
        await communityList.ChangedAsync(ct);
    }
}
