using System.Globalization;
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
/// </summary>
internal sealed class ForumMetricsSource(ForumDbContext db, IStringLocalizer<ForumStrings> t) : IMetricsSource
{
    public string Module => "Forum";

    public async Task<IReadOnlyList<MetricValue>> GetMetricsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var ct = cancellationToken;
        var start = PortalCultures.StartOfDayUtc(from);
        var end = PortalCultures.StartOfDayUtc(to.AddDays(1));
        var english = PortalCultures.IsEnglish;

        var posts = await db.Posts.AsNoTracking().Where(p => p.CreatedUtc >= start && p.CreatedUtc < end && p.Status == PostStatus.Published)
            .Join(db.Communities.AsNoTracking(), p => p.CommunityId, c => c.Id, (p, c) => new { p.AuthorUserId, p.CreatedUtc, c.Condition })
            .ToListAsync(ct);
        // Ratings count in statistics only for members who agreed (issue 18: off by default).
        var consenting = db.Profiles.Where(p => p.RatingsInStatistics).Select(p => p.UserId);
        var ratings = await db.Ratings.AsNoTracking().Where(r => r.UpdatedUtc >= start && r.UpdatedUtc < end && consenting.Contains(r.UserId)).Select(r => new { r.UserId, r.Condition }).ToListAsync(ct);
        var activeIds = posts.Select(p => p.AuthorUserId).Concat(ratings.Select(r => r.UserId)).Where(id => id.Length > 0).ToHashSet();
        var ids = activeIds.ToList();
        var active = await db.Profiles.AsNoTracking().Where(p => ids.Contains(p.UserId)).ToListAsync(ct);
        var joined = await db.Memberships.AsNoTracking().Where(m => m.JoinedUtc >= start && m.JoinedUtc < end).Select(m => m.UserId).Distinct().CountAsync(ct);

        var notShared = t["Not shared"].Value;
        MetricBreakdown Shared(string dimension, string label, IReadOnlyList<(string Slug, string En, string Zh)> list, IEnumerable<string?> values)
        {
            var all = values.ToList();
            var parts = list.Select(i => new MetricPart(i.Slug, english ? i.En : i.Zh, all.Count(v => v == i.Slug))).Where(p => p.Value > 0).ToList();
            var hidden = all.Count(v => v is null);
            if (hidden > 0)
            {
                parts.Add(new MetricPart("not-shared", notShared, hidden));
            }

            return new MetricBreakdown(dimension, label, parts);
        }

        static string? Field(string? value, FieldVisibility visibility) => visibility == FieldVisibility.OnlyMe ? null : value;

        var activeConditions = active.SelectMany(p => p.ConditionsVisibility == FieldVisibility.OnlyMe || p.Conditions.Count == 0
            ? [(string?)null]
            : p.Conditions.Select(c => (string?)c.Condition));
        string MonthOf(DateTimeOffset utc) => PortalCultures.ToHongKong(utc).ToString("yyyy-MM", CultureInfo.InvariantCulture);

        return
        [
            new("forum.active-members", t["Active community members"], active.Count, "count")
            {
                Breakdowns =
                [
                    Shared("age-band", t["Age band"], Vocabulary.AgeBands, active.Select(p => Field(p.AgeBand, p.AgeBandVisibility))),
                    Shared("condition", t["Condition"], Vocabulary.Conditions, activeConditions),
                    Shared("district", t["District"], Vocabulary.Districts, active.Select(p => Field(p.District, p.DistrictVisibility))),
                ],
            },
            new("forum.members-joined", t["People who joined a community"], joined, "count"),
            new("forum.posts", t["Community posts"], posts.Count, "count")
            {
                Breakdowns =
                [
                    Shared("condition", t["Condition"], Vocabulary.Conditions, posts.Select(p => (string?)p.Condition)),
                    new("month", t["Month"], [.. posts.GroupBy(p => MonthOf(p.CreatedUtc)).OrderBy(g => g.Key).Select(g => new MetricPart(g.Key, g.Key, g.Count()))]),
                ],
            },
            new("forum.ratings", t["Treatment ratings"], ratings.Count, "count")
            {
                Breakdowns = [Shared("condition", t["Condition"], Vocabulary.Conditions, ratings.Select(r => (string?)r.Condition))],
            },
        ];
    }
}
