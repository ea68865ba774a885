using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Forum.Data;
using Portal.Forum.Models;
using Portal.Forum.Resources;
using Portal.Globalization;
using Portal.Metrics;

namespace Portal.Forum.Services;

/// <summary>
/// The forum's figures for the impact dashboard: active members, posts and ratings in a period, with breakdowns by
/// age band, condition and district. Counts only, never a title or a word of a post. A profile field a member keeps
/// to themselves ("only me") is never counted in a breakdown: that member shows as "not shared".
/// <para>
/// Every figure is a grouped COUNT in the database (no post, rating or profile is loaded): posts by community and
/// Hong Kong month (one pass, added up here by condition and by month), ratings by condition, active profiles by (age
/// band, district, conditions hidden) and their shared conditions by condition, people who joined. Five queries
/// whatever the period or the volume. The month of a post is
/// a CASE over the period's Hong Kong month boundaries (instants are UTC ticks, <c>UsePortalDates</c>), so the same SQL
/// runs on SQLite and PostgreSQL.
/// </para>
/// </summary>
internal sealed class ForumMetricsSource(ForumDbContext db, IStringLocalizer<ForumStrings> t) : IMetricsSource
{
    /// <summary>The number of queries one call makes (pinned by a test).</summary>
    internal const int Queries = 5;

    public string Module => "Forum";

    public async Task<IReadOnlyList<MetricValue>> GetMetricsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var ct = cancellationToken;
        var start = PortalCultures.StartOfDayUtc(from);
        var end = PortalCultures.StartOfDayUtc(to.AddDays(1));
        var english = PortalCultures.IsEnglish;
        var months = HongKongMonths.Between(from, to);

        var posts = db.Posts.AsNoTracking().Where(p => p.CreatedUtc >= start && p.CreatedUtc < end && p.Status == PostStatus.Published);
        // Ratings count in statistics only for members who agreed (issue 18: off by default).
        var ratings = db.Ratings.AsNoTracking().Where(r => r.UpdatedUtc >= start && r.UpdatedUtc < end
            && db.Profiles.Any(p => p.UserId == r.UserId && p.RatingsInStatistics));

        // Posts by community and month in one pass over the (Status, CreatedUtc, CommunityId) index (no post row is
        // read); the ten or so communities are joined to the grouped rows for their condition.
        var postGroups = await posts.GroupBy(HongKongMonths.ByMonth(months, (Post p) => p.CommunityId, p => p.CreatedUtc))
            .Select(g => new { CommunityId = g.Key.Key, g.Key.Month, Count = g.Count() })
            .Join(db.Communities.AsNoTracking(), g => g.CommunityId, c => c.Id, (g, c) => new { c.Condition, g.Month, g.Count })
            .ToListAsync(ct);
        var postCounts = postGroups.GroupBy(p => p.Condition).Select(g => new { Condition = g.Key, Count = g.Sum(p => p.Count) }).ToList();
        var postMonths = postGroups.GroupBy(p => p.Month).Select(g => new { Month = g.Key, Count = g.Sum(p => p.Count) }).ToList();
        var ratingCounts = await ratings.GroupBy(r => r.Condition).Select(g => new { Condition = g.Key, Count = g.Count() }).ToListAsync(ct);

        // Active: wrote a published post or (with consent) rated a treatment in the period, and has a profile. Each
        // profile is one seek in the posts' (AuthorUserId, Status, CreatedUtc) index (and the ratings' user id index),
        // whatever the number of posts in the period; building the list of the period's authors first (a UNION)
        // cost a pass over every post of the period for each of the two queries below.
        var active = db.Profiles.AsNoTracking().IgnoreAutoIncludes().Where(p => p.UserId != ""
            && (db.Posts.Any(x => x.AuthorUserId == p.UserId && x.Status == PostStatus.Published && x.CreatedUtc >= start && x.CreatedUtc < end)
                || (p.RatingsInStatistics && db.Ratings.Any(r => r.UserId == p.UserId && r.UpdatedUtc >= start && r.UpdatedUtc < end))));
        var profiles = await active
            .GroupBy(p => new
            {
                AgeBand = p.AgeBandVisibility == FieldVisibility.OnlyMe ? null : p.AgeBand,
                District = p.DistrictVisibility == FieldVisibility.OnlyMe ? null : p.District,
                ConditionsHidden = p.ConditionsVisibility == FieldVisibility.OnlyMe || !db.ProfileConditions.Any(c => c.ProfileId == p.Id),
            })
            .Select(g => new { g.Key.AgeBand, g.Key.District, g.Key.ConditionsHidden, Count = g.Count() })
            .ToListAsync(ct);
        var conditions = await db.ProfileConditions.AsNoTracking()
            .Join(active.Where(p => p.ConditionsVisibility != FieldVisibility.OnlyMe), c => c.ProfileId, p => p.Id, (c, p) => c.Condition)
            .GroupBy(condition => condition)
            .Select(g => new { Condition = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var joined = await db.Memberships.AsNoTracking().Where(m => m.JoinedUtc >= start && m.JoinedUtc < end).Select(m => m.UserId).Distinct().CountAsync(ct);

        var notShared = t["Not shared"].Value;
        MetricBreakdown Shared(string dimension, string label, IReadOnlyList<(string Slug, string En, string Zh)> list, IEnumerable<(string? Value, int Count)> counts)
        {
            var all = counts.ToList();
            var parts = list.Select(i => new MetricPart(i.Slug, english ? i.En : i.Zh, all.Where(v => v.Value == i.Slug).Sum(v => v.Count))).Where(p => p.Value > 0).ToList();
            var hidden = all.Where(v => v.Value is null).Sum(v => v.Count);
            if (hidden > 0)
            {
                parts.Add(new MetricPart("not-shared", notShared, hidden));
            }

            return new MetricBreakdown(dimension, label, parts);
        }

        var activeConditions = conditions.Select(c => ((string?)c.Condition, c.Count))
            .Append((null, profiles.Where(p => p.ConditionsHidden).Sum(p => p.Count)));
        var postsByMonth = postMonths.Where(m => m.Count > 0).OrderBy(m => m.Month)
            .Select(m => new MetricPart(HongKongMonths.Key(months[m.Month]), HongKongMonths.Key(months[m.Month]), m.Count));

        return
        [
            new("forum.active-members", t["Active community members"], profiles.Sum(p => p.Count), "count")
            {
                Breakdowns =
                [
                    Shared("age-band", t["Age band"], Vocabulary.AgeBands, profiles.Select(p => (p.AgeBand, p.Count))),
                    Shared("condition", t["Condition"], Vocabulary.Conditions, activeConditions),
                    Shared("district", t["District"], Vocabulary.Districts, profiles.Select(p => (p.District, p.Count))),
                ],
            },
            new("forum.members-joined", t["People who joined a community"], joined, "count"),
            new("forum.posts", t["Community posts"], postCounts.Sum(p => p.Count), "count")
            {
                Breakdowns =
                [
                    Shared("condition", t["Condition"], Vocabulary.Conditions, postCounts.Select(p => ((string?)p.Condition, p.Count))),
                    new("month", t["Month"], [.. postsByMonth]),
                ],
            },
            new("forum.ratings", t["Treatment ratings"], ratingCounts.Sum(r => r.Count), "count")
            {
                Breakdowns = [Shared("condition", t["Condition"], Vocabulary.Conditions, ratingCounts.Select(r => ((string?)r.Condition, r.Count)))],
            },
        ];
    }
}
