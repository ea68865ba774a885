using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Mentoring.Data;
using Portal.Mentoring.Models;
using Portal.Mentoring.Resources;
using Portal.Metrics;
using Portal.Globalization;

namespace Portal.Mentoring.Services;

/// <summary>
/// The scheme's figures for the impact dashboard, for a period of Hong Kong dates (both ends included). Every figure is
/// counted in the database (no rows are loaded): two grouped queries for pairs, one for meetings (by mode and month
/// together), one count of goals. The month of a row is a CASE over the period's month boundaries.
/// </summary>
internal sealed class MentoringMetricsSource(MentoringDbContext db, IStringLocalizer<MentoringStrings> t) : IMetricsSource
{
    /// <summary>Counts below this are shown as "&lt; 5" by the impact dashboard.</summary>
    private const int SmallestShownCount = 5;

    public string Module => "Mentoring";

    public async Task<IReadOnlyList<MetricValue>> GetMetricsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var start = PortalCultures.StartOfDayUtc(from);
        var end = PortalCultures.StartOfDayUtc(to.AddDays(1));
        var months = HongKongMonths.Between(from, to);

        // Pairs running in the period, grouped by whether they started in it and whether they were completed by its end.
        var startedMonth = HongKongMonths.IndexOf<Pair>(months, p => p.StartedUtc!.Value);
        var pairs = await db.Pairs.AsNoTracking()
            .Where(p => p.StartedUtc != null && p.StartedUtc < end && (p.EndedUtc == null || p.EndedUtc >= start))
            .Select(p => new { p.Status, p.StartedUtc, p.EndedUtc })
            .GroupBy(p => new { Completed = p.Status == PairStatus.Completed && p.EndedUtc < end, Started = p.StartedUtc >= start })
            .Select(g => new { g.Key.Completed, g.Key.Started, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var startedByMonth = await db.Pairs.AsNoTracking()
            .Where(p => p.StartedUtc != null && p.StartedUtc >= start && p.StartedUtc < end)
            .GroupBy(startedMonth)
            .Select(g => new { Month = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        // The period's meetings once, by mode and month (each breakdown is added up here from the same rows).
        var meetingGroups = await db.Meetings.AsNoTracking()
            .Where(m => m.HeldUtc >= start && m.HeldUtc < end)
            .GroupBy(HongKongMonths.ByMonth(months, (Meeting m) => m.Mode, m => m.HeldUtc))
            .Select(g => new { Mode = g.Key.Key, g.Key.Month, Count = g.Count(), Minutes = g.Sum(m => m.Minutes) })
            .ToListAsync(cancellationToken);
        var meetings = meetingGroups.GroupBy(m => m.Mode).Select(g => new { Mode = g.Key, Count = g.Sum(m => m.Count), Minutes = g.Sum(m => m.Minutes) }).ToList();
        var meetingsByMonth = meetingGroups.GroupBy(m => m.Month).Select(g => new { Month = g.Key, Count = g.Sum(m => m.Count), Minutes = g.Sum(m => m.Minutes) }).ToList();
        var achieved = await db.Goals.AsNoTracking().CountAsync(g => g.AchievedUtc >= start && g.AchievedUtc < end, cancellationToken);

        var started = pairs.Where(p => p.Started).Sum(p => p.Count);
        var completed = pairs.Where(p => p.Completed).Sum(p => p.Count);
        var meetingCount = meetings.Sum(m => m.Count);
        var hours = Math.Round(meetings.Sum(m => m.Minutes) / 60m, 1);
        var online = meetings.Where(m => m.Mode != MeetingMode.InPerson).Sum(m => m.Count);

        // Months with something in them, in order (as before: an empty month is left out of the breakdown).
        MetricBreakdown ByMonth(IEnumerable<(int Month, decimal Value)> items) =>
            new("month", t["Month"], [.. items.Where(i => i.Value != 0).OrderBy(i => i.Month).Select(i => new MetricPart(HongKongMonths.Key(months[i.Month]), HongKongMonths.Key(months[i.Month]), i.Value))]);

        List<MetricValue> metrics =
        [
            new("mentoring.pairs-active", t["Active mentoring pairs"], pairs.Sum(p => p.Count), "count"),
            new("mentoring.pairs-started", t["Mentoring pairs started"], started, "count")
            {
                Breakdowns = [ByMonth(startedByMonth.Select(p => (p.Month, (decimal)p.Count)))],
            },
            new("mentoring.pairs-completed", t["Mentorships completed"], completed, "count"),
            new("mentoring.meetings", t["Mentoring meetings"], meetingCount, "count")
            {
                Breakdowns =
                [
                    ByMonth(meetingsByMonth.Select(m => (m.Month, (decimal)m.Count))),
                    new("mode", t["Mode"], [.. Enum.GetValues<MeetingMode>().Select(mode => new MetricPart(ModeKey(mode), t[ModeLabel(mode)], meetings.Where(m => m.Mode == mode).Sum(m => m.Count)))]),
                ],
            },
            new("mentoring.hours", t["Mentoring hours"], hours, "hours")
            {
                Breakdowns =
                [
                    ByMonth(meetingsByMonth.Select(m => (m.Month, m.Minutes / 60m))),
                    new("mode", t["Mode"], [.. Enum.GetValues<MeetingMode>().Select(mode => new MetricPart(ModeKey(mode), t[ModeLabel(mode)], Math.Round(meetings.Where(m => m.Mode == mode).Sum(m => m.Minutes) / 60m, 1)))]),
                ],
                // Meetings by phone or video are service delivered online (the centre's online share of service).
                OnlineHours = Math.Round(meetings.Where(m => m.Mode != MeetingMode.InPerson).Sum(m => m.Minutes) / 60m, 1),
            },
            new("mentoring.goals-achieved", t["Mentee goals achieved"], achieved, "count"),
        ];
        // A share would give away a count the dashboard hides as "< 5" (3 of 13 meetings by phone = 23.1%): it is
        // reported only when both sides of it are 0 or at least 5.
        var inPerson = meetingCount - online;
        if (online is 0 or >= SmallestShownCount && inPerson is 0 or >= SmallestShownCount)
        {
            metrics.Add(new("mentoring.online-share", t["Share of meetings by phone or video"], meetingCount == 0 ? 0 : Math.Round(100m * online / meetingCount, 1), "percent"));
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
