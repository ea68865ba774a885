using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Academy.Data;
using Portal.Academy.Resources;
using Portal.Metrics;

namespace Portal.Academy.Services;

/// <summary>The academy's figures for the impact dashboard, including the centre's "more than 75% improve" target.</summary>
internal sealed class AcademyMetricsSource(AcademyDbContext db, IOptions<AcademyOptions> options, IStringLocalizer<AcademyStrings> t) : IMetricsSource
{
    public string Module => "Academy";

    public async Task<IReadOnlyList<MetricValue>> GetMetricsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), Globalization.PortalCultures.HongKong.GetUtcOffset(from.ToDateTime(TimeOnly.MinValue)));
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), Globalization.PortalCultures.HongKong.GetUtcOffset(to.ToDateTime(TimeOnly.MinValue)));
        var participants = await db.Enrolments.Where(e => e.EnrolledUtc >= start && e.EnrolledUtc < end).Select(e => e.UserId).Distinct().CountAsync(cancellationToken);
        var completed = await db.Enrolments.Include(e => e.Ratings).AsNoTracking()
            .Where(e => e.CompletedUtc != null && e.CompletedUtc >= start && e.CompletedUtc < end)
            .ToListAsync(cancellationToken);
        var assessed = completed.Select(e => e.Improved()).Where(i => i is not null).ToList();
        var improvedShare = assessed.Count == 0 ? 0 : Math.Round(assessed.Count(i => i == true) * 100m / assessed.Count, 1);
        var certificates = await db.Certificates.Where(c => c.IssuedUtc >= start && c.IssuedUtc < end && c.ReplacedByCode == null).CountAsync(cancellationToken);
        return
        [
            new("academy.participants", t["Course participants"], participants, "count"),
            new("academy.completions", t["Course completions"], completed.Count, "count"),
            new("academy.certificates", t["Certificates issued"], certificates, "count"),
            new("academy.participants-improved-share", t["Participants who improved their leadership and management skills"], improvedShare, "percent", options.Value.ImprovedTargetPercent),
        ];
    }
}
