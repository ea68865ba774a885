using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Mentoring.Data;
using Portal.Mentoring.Models;
using Portal.Mentoring.Resources;
using Portal.Metrics;

namespace Portal.Mentoring.Services;

/// <summary>The scheme's figures for the impact dashboard, for a period of Hong Kong dates (both ends included).</summary>
internal sealed class MentoringMetricsSource(MentoringDbContext db, IStringLocalizer<MentoringStrings> t) : IMetricsSource
{
    /// <summary>Counts below this are shown as "&lt; 5" by the impact dashboard.</summary>
    private const int SmallestShownCount = 5;

    public string Module => "Mentoring";

    public async Task<IReadOnlyList<MetricValue>> GetMetricsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var start = HongKongTime.FromLocal(from.ToDateTime(TimeOnly.MinValue));
        var end = HongKongTime.FromLocal(to.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var pairs = await db.Pairs.AsNoTracking()
            .Where(p => p.StartedUtc != null && p.StartedUtc < end && (p.EndedUtc == null || p.EndedUtc >= start))
            .Select(p => new { p.Status, p.StartedUtc, p.EndedUtc }).ToListAsync(cancellationToken);
        var meetings = await db.Meetings.AsNoTracking().Where(m => m.HeldUtc >= start && m.HeldUtc < end)
            .Select(m => new { m.HeldUtc, m.Minutes, m.Mode }).ToListAsync(cancellationToken);
        var achieved = await db.Goals.AsNoTracking().CountAsync(g => g.AchievedUtc >= start && g.AchievedUtc < end, cancellationToken);

        var started = pairs.Count(p => p.StartedUtc >= start);
        var completed = pairs.Count(p => p.Status == PairStatus.Completed && p.EndedUtc < end);
        var hours = Math.Round(meetings.Sum(m => m.Minutes) / 60m, 1);
        var online = meetings.Count(m => m.Mode != MeetingMode.InPerson);

        MetricPart Month(IGrouping<string, decimal> g) => new(g.Key, g.Key, g.Sum());
        string MonthOf(DateTimeOffset utc) => HongKongTime.ToLocal(utc).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        MetricBreakdown ByMonth(IEnumerable<(DateTimeOffset When, decimal Value)> items) =>
            new("month", t["Month"], [.. items.GroupBy(i => MonthOf(i.When), i => i.Value).OrderBy(g => g.Key).Select(Month)]);

        List<MetricValue> metrics =
        [
            new("mentoring.pairs-active", t["Active mentoring pairs"], pairs.Count(p => p.EndedUtc == null || p.EndedUtc >= start), "count"),
            new("mentoring.pairs-started", t["Mentoring pairs started"], started, "count")
            {
                Breakdowns = [ByMonth(pairs.Where(p => p.StartedUtc >= start).Select(p => (p.StartedUtc!.Value, 1m)))],
            },
            new("mentoring.pairs-completed", t["Mentorships completed"], completed, "count"),
            new("mentoring.meetings", t["Mentoring meetings"], meetings.Count, "count")
            {
                Breakdowns =
                [
                    ByMonth(meetings.Select(m => (m.HeldUtc, 1m))),
                    new("mode", t["Mode"], [.. Enum.GetValues<MeetingMode>().Select(mode => new MetricPart(ModeKey(mode), t[ModeLabel(mode)], meetings.Count(m => m.Mode == mode)))]),
                ],
            },
            new("mentoring.hours", t["Mentoring hours"], hours, "hours")
            {
                Breakdowns =
                [
                    ByMonth(meetings.Select(m => (m.HeldUtc, m.Minutes / 60m))),
                    new("mode", t["Mode"], [.. Enum.GetValues<MeetingMode>().Select(mode => new MetricPart(ModeKey(mode), t[ModeLabel(mode)], Math.Round(meetings.Where(m => m.Mode == mode).Sum(m => m.Minutes) / 60m, 1)))]),
                ],
            },
            new("mentoring.goals-achieved", t["Mentee goals achieved"], achieved, "count"),
        ];
        // A share would give away a count the dashboard hides as "< 5" (3 of 13 meetings by phone = 23.1%): it is
        // reported only when both sides of it are 0 or at least 5.
        var inPerson = meetings.Count - online;
        if (online is 0 or >= SmallestShownCount && inPerson is 0 or >= SmallestShownCount)
        {
            metrics.Add(new("mentoring.online-share", t["Share of meetings by phone or video"], meetings.Count == 0 ? 0 : Math.Round(100m * online / meetings.Count, 1), "percent"));
        }

        return metrics;
    }

    internal static string ModeKey(MeetingMode mode) => mode switch
    {
        MeetingMode.Phone => "phone",
        MeetingMode.Video => "video",
        _ => "in-person",
    };

    internal static string ModeLabel(MeetingMode mode) => mode switch
    {
        MeetingMode.Phone => "Phone",
        MeetingMode.Video => "Video",
        _ => "In person",
    };
}
