using System.Globalization;
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
/// are counted within the period (Hong Kong dates, both ends included).
/// </summary>
internal sealed class MatchingMetricsSource(MatchingDbContext db, IOptions<MatchingOptions> options, IStringLocalizer<MatchingStrings> t) : IMetricsSource
{
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
        var matches = await db.Matches.AsNoTracking().Where(m => m.CreatedUtc < end && (m.EndedUtc == null || m.EndedUtc >= start))
            .Select(m => new { m.Status, m.CreatedUtc, m.StartedUtc, m.CompletedUtc, m.PartnerHours, m.GroupHours }).ToListAsync(cancellationToken);
        var completed = matches.Where(m => m.CompletedUtc >= start && m.CompletedUtc < end).ToList();
        var hours = completed.Sum(m => m.PartnerHours ?? m.GroupHours ?? 0);
        var o = options.Value;

        MetricBreakdown ByMonth(IEnumerable<(DateTimeOffset When, decimal Value)> items) =>
            new("month", t["Month"], [.. items.GroupBy(i => PortalCultures.DateInHongKong(i.When).ToString("yyyy-MM", CultureInfo.InvariantCulture), i => i.Value)
                .OrderBy(g => g.Key).Select(g => new MetricPart(g.Key, g.Key, g.Sum()))]);

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
            new("partners.matches-started", t["Partner matches started"], matches.Count(m => m.StartedUtc >= start && m.StartedUtc < end), "count"),
            new("partners.matches-completed", t["Partner matches completed"], completed.Count, "count")
            {
                Breakdowns = [ByMonth(completed.Select(m => (m.CompletedUtc!.Value, 1m)))],
            },
            new("partners.hours", t["Hours given by partners"], hours, "hours")
            {
                Breakdowns = [ByMonth(completed.Select(m => (m.CompletedUtc!.Value, (decimal)(m.PartnerHours ?? m.GroupHours ?? 0))))],
            },
        ];
    }
}
