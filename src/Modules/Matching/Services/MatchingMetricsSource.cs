using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Globalization;
using Portal.Matching.Data;
using Portal.Matching.Models;
using Portal.Matching.Resources;
using Portal.Metrics;

namespace Portal.Matching.Services;

/// <summary>
/// The scheme's figures for the impact dashboard. The network (partners by type) is counted as it stands at the end
/// of the period, against the centre's targets (at least 13 companies and 20 professional volunteers; a target staff
/// set on the dashboard for the same key wins). Needs posted and met, matches started and completed, and hours given
/// are counted within the period (Hong Kong dates, both ends included). Every figure is a COUNT or SUM in the database
/// (no match, need or partner is loaded): matches completed and hours are grouped by Hong Kong month in one query.
/// Also reports the self-help groups supported (<see cref="GroupsSupported"/>) and, on the partners' hours, the hours
/// of remote work (<see cref="MetricValue.OnlineHours"/>, for the centre's online share of service).
/// </summary>
internal sealed class MatchingMetricsSource(MatchingDbContext db, IOptions<MatchingOptions> options, IStringLocalizer<MatchingStrings> t) : IMetricsSource
{
    /// <summary>The number of queries one call makes, whatever the period or the volume (pinned by a test).</summary>
    internal const int Queries = 8;

    public string Module => "Matching";

    public async Task<IReadOnlyList<MetricValue>> GetMetricsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var start = PortalCultures.StartOfDayUtc(from);
        var end = PortalCultures.StartOfDayUtc(to.AddDays(1));
        var byType = await db.Partners.AsNoTracking().Where(p => p.CreatedUtc < end)
            .GroupBy(p => p.Type).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var posted = await db.Needs.AsNoTracking().CountAsync(n => n.CreatedUtc >= start && n.CreatedUtc < end, cancellationToken);
        var met = await db.Needs.AsNoTracking().CountAsync(n => n.MetUtc >= start && n.MetUtc < end, cancellationToken);
        var openAtEnd = await db.Needs.AsNoTracking().CountAsync(n => n.CreatedUtc < end && n.Status == NeedStatus.Open, cancellationToken);
        var running = db.Matches.AsNoTracking().Where(m => m.CreatedUtc < end && (m.EndedUtc == null || m.EndedUtc >= start));
        var startedCount = await running.CountAsync(m => m.StartedUtc >= start && m.StartedUtc < end, cancellationToken);
        var completed = running.Where(m => m.CompletedUtc >= start && m.CompletedUtc < end);
        var months = HongKongMonths.Between(from, to);
        var completedByMonth = await completed.GroupBy(HongKongMonths.IndexOf<Match>(months, m => m.CompletedUtc!.Value))
            .Select(g => new { Month = g.Key, Count = g.Count(), Hours = g.Sum(m => m.PartnerHours ?? m.GroupHours ?? 0) })
            .ToListAsync(cancellationToken);
        // Online: the work of a need the group asked to be done remotely ("either" may have been on site: not counted).
        var onlineHours = await completed.Where(m => db.Needs.Any(n => n.Id == m.NeedId && n.Mode == WorkMode.Remote))
            .SumAsync(m => m.PartnerHours ?? m.GroupHours ?? 0, cancellationToken);
        var groupsSupported = await GroupsSupported(start, end).CountAsync(cancellationToken);
        var hours = completedByMonth.Sum(m => m.Hours);
        var o = options.Value;

        MetricBreakdown ByMonth(IEnumerable<(int Month, decimal Value)> items) =>
            new("month", t["Month"], [.. items.Where(i => i.Value != 0).OrderBy(i => i.Month).Select(i => new MetricPart(HongKongMonths.Key(months[i.Month]), HongKongMonths.Key(months[i.Month]), i.Value))]);

        return
        [
            new("partners.companies", t["Partner companies in the network"], byType.GetValueOrDefault("company"), "count", o.CompanyTarget),
            new("partners.professional-volunteers", t["Professional volunteers in the network"], byType.GetValueOrDefault("professional-volunteer"), "count", o.ProfessionalVolunteerTarget),
            new("partners.total", t["Partners in the network"], byType.Values.Sum(), "count")
            {
                Breakdowns = [new("type", t["Partner type"], [.. Vocabulary.PartnerTypes.Select(x => new MetricPart(x.Slug, t[x.En], byType.GetValueOrDefault(x.Slug)))])],
            },
            new("partners.needs-posted", t["Group needs posted"], posted, "count"),
            new("partners.needs-met", t["Group needs met"], met, "count"),
            new("partners.needs-open", t["Group needs open now"], openAtEnd, "count"),
            new("partners.matches-started", t["Partner matches started"], startedCount, "count"),
            new("partners.matches-completed", t["Partner matches completed"], completedByMonth.Sum(m => m.Count), "count")
            {
                Breakdowns = [ByMonth(completedByMonth.Select(m => (m.Month, (decimal)m.Count)))],
            },
            new("partners.hours", t["Hours given by partners"], hours, "hours")
            {
                Breakdowns = [ByMonth(completedByMonth.Select(m => (m.Month, (decimal)m.Hours)))],
                OnlineHours = onlineHours,
            },
            new("groups.supported", t["Self-help groups supported"], groupsSupported, "count"),
        ];
    }

    /// <summary>
    /// Self-help groups the scheme supported in the period (<c>groups.supported</c>, the plan's "+20% groups
    /// supported"): organisations that posted a need in the period, or had a match whose work was under way (active)
    /// or completed at some time in it. Each organisation counts once, however many needs or matches it had.
    /// </summary>
    internal IQueryable<long> GroupsSupported(DateTimeOffset start, DateTimeOffset end) =>
        // One list of organisation ids (UNION removes the repeats), counted: no query per organisation.
        db.Needs.AsNoTracking().Where(n => n.CreatedUtc >= start && n.CreatedUtc < end).Select(n => n.OrganisationId)
            .Union(db.Matches.AsNoTracking().Where(m => (m.Status == MatchStatus.Active || m.Status == MatchStatus.Completed)
                && m.StartedUtc != null && m.StartedUtc < end && (m.EndedUtc == null || m.EndedUtc >= start)).Select(m => m.OrganisationId));
}
