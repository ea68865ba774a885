using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Academy.Data;
using Portal.Academy.Models;
using Portal.Academy.Resources;
using Portal.Globalization;
using Portal.Metrics;

namespace Portal.Academy.Services;

/// <summary>
/// The academy's figures for the impact dashboard, including the centre's "more than 75% improve" target. Every
/// figure is a COUNT in the database (no rows are loaded); enrolments, completions and certificates are each one query
/// grouped by month (the total is the months' sum; months are given for periods of up to three years), the assessed
/// and improved one query grouped by outcome.
/// </summary>
internal sealed class AcademyMetricsSource(AcademyDbContext db, IOptions<AcademyOptions> options, IStringLocalizer<AcademyStrings> t) : IMetricsSource
{
    internal const int MaxMonthsBrokenDown = 36;

    public string Module => "Academy";

    public async Task<IReadOnlyList<MetricValue>> GetMetricsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var (start, end) = Range(from, to);
        var months = Months(from, to);
        var participants = await db.Enrolments.Where(e => e.EnrolledUtc >= start && e.EnrolledUtc < end).Select(e => e.UserId).Distinct().CountAsync(cancellationToken);
        var enrolledInPeriod = db.Enrolments.Where(e => e.EnrolledUtc >= start && e.EnrolledUtc < end);
        var completedInPeriod = db.Enrolments.Where(e => e.CompletedUtc != null && e.CompletedUtc >= start && e.CompletedUtc < end);
        var certifiedInPeriod = db.Certificates.Where(c => c.IssuedUtc >= start && c.IssuedUtc < end && c.ReplacedByCode == null);

        // Each total is the sum of its months (one query each), or a plain count for periods not broken down by month.
        var (enrolments, enrolmentMonths) = await CountAsync(months, enrolledInPeriod, x => x.EnrolledUtc, cancellationToken);
        var (completions, completionMonths) = await CountAsync(months, completedInPeriod, x => x.CompletedUtc!.Value, cancellationToken);
        var (certificates, certificateMonths) = await CountAsync(months, certifiedInPeriod, c => c.IssuedUtc, cancellationToken);

        // Improved: mean rating after the course above the mean before (as Enrolment.Improved()), counted in the database:
        // the assessed enrolments in one query, grouped by whether they improved.
        var outcomes = await completedInPeriod
            .Where(e => e.Ratings.Any(r => r.Stage == AssessmentStage.Pre) && e.Ratings.Any(r => r.Stage == AssessmentStage.Post))
            .GroupBy(e => e.Ratings.Where(r => r.Stage == AssessmentStage.Post).Average(r => (double)r.Rating)
                > e.Ratings.Where(r => r.Stage == AssessmentStage.Pre).Average(r => (double)r.Rating))
            .Select(g => new { Improved = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var assessedCount = outcomes.Sum(o => o.Count);
        var improvedCount = outcomes.Where(o => o.Improved).Sum(o => o.Count);
        var improvedShare = assessedCount == 0 ? 0m : Math.Round(improvedCount * 100m / assessedCount, 1);

        List<MetricValue> metrics =
        [
            new("academy.participants", t["Course participants"], participants, "count"),
            new("academy.enrolments", t["Course enrolments"], enrolments, "count") { Breakdowns = enrolmentMonths },
            new("academy.completions", t["Course completions"], completions, "count") { Breakdowns = completionMonths },
            new("academy.certificates", t["Certificates issued"], certificates, "count") { Breakdowns = certificateMonths },
        ];

        // With no one assessed there is no share to report (0% would read as "no one improved").
        if (assessedCount > 0)
        {
            metrics.Add(new("academy.participants-improved-share", t["Participants who improved their leadership and management skills"], improvedShare, "percent", options.Value.ImprovedTargetPercent));
            metrics.Add(new("academy.participants-assessed", t["Participants assessed before and after"], assessedCount, "count")
            {
                Breakdowns =
                [
                    new MetricBreakdown("outcome", t["Outcome"],
                    [
                        new MetricPart("improved", t["Improved"], improvedCount),
                        new MetricPart("not-improved", t["Did not improve"], assessedCount - improvedCount),
                    ]),
                ],
            });
        }

        return metrics;
    }

    /// <summary>Hong Kong dates (both ends included) as UTC instants [start, end).</summary>
    internal static (DateTimeOffset Start, DateTimeOffset End) Range(DateOnly from, DateOnly to) =>
        (Midnight(from), Midnight(to.AddDays(1)));

    private static DateTimeOffset Midnight(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, PortalCultures.HongKong.GetUtcOffset(local));
    }

    /// <summary>Each calendar month the period touches, clipped to the period; none for periods over three years.</summary>
    internal static IReadOnlyList<(DateOnly From, DateOnly To)> Months(DateOnly from, DateOnly to)
    {
        var months = new List<(DateOnly, DateOnly)>();
        for (var m = new DateOnly(from.Year, from.Month, 1); m <= to; m = m.AddMonths(1))
        {
            months.Add((m < from ? from : m, m.AddMonths(1).AddDays(-1) > to ? to : m.AddMonths(1).AddDays(-1)));
        }

        return months.Count > MaxMonthsBrokenDown ? [] : months;
    }

    /// <summary>
    /// Counts the rows of <paramref name="inPeriod"/>, per month in one query when the period is broken down: the month
    /// is a CASE over the month boundaries (<c>GROUP BY CASE WHEN t &lt; feb THEN 0 WHEN t &lt; mar THEN 1 … END</c>), so
    /// the table is read once and the total is the months' sum.
    /// </summary>
    private async Task<(int Total, IReadOnlyList<MetricBreakdown> Breakdowns)> CountAsync<T>(
        IReadOnlyList<(DateOnly From, DateOnly To)> months, IQueryable<T> inPeriod, Expression<Func<T, DateTimeOffset>> time, CancellationToken cancellationToken)
    {
        if (months.Count == 0)
        {
            return (await inPeriod.CountAsync(cancellationToken), []);
        }

        Expression body = Expression.Constant(months.Count - 1);
        for (var i = months.Count - 2; i >= 0; i--)
        {
            var boundary = Range(months[i].From, months[i].To).End;
            body = Expression.Condition(Expression.LessThan(time.Body, Expression.Constant(boundary)), Expression.Constant(i), body);
        }

        var monthOf = Expression.Lambda<Func<T, int>>(body, time.Parameters);
        var counts = await inPeriod.GroupBy(monthOf).Select(g => new { Month = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Month, x => x.Count, cancellationToken);
        var parts = months.Select((m, i) => new MetricPart(m.From.ToString("yyyy-MM", CultureInfo.InvariantCulture), MonthLabel(m.From), counts.GetValueOrDefault(i))).ToList();
        return (counts.Values.Sum(), [new MetricBreakdown("month", t["By month"], parts)]);
    }

    private static string MonthLabel(DateOnly month) =>
        month.ToString(PortalCultures.IsEnglish ? "MMM yyyy" : "yyyy年M月", CultureInfo.CurrentCulture);
}
