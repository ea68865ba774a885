using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Globalization;
using Portal.Mentoring.Data;
using Portal.Mentoring.Models;

namespace Portal.Mentoring.Services;

public sealed record MonthFigures(string Month, int ActivePairs, int Meetings, decimal Hours, int InPerson, int Phone, int Video, int GoalsAchieved);

public sealed record FitFigures(int Yes, int No, int Unanswered);

public sealed record ReportView(
    IReadOnlyList<MonthFigures> Months,
    int ActivePairs,
    int ProposedPairs,
    int CompletedPairs,
    int EndedEarlyPairs,
    int StalledPairs,
    int GoalsAchieved,
    int GoalsOpen,
    FitFigures Fit,
    int StallAfterDays);

/// <summary>The staff programme report for the last 12 months: aggregates in the database (one per month) and narrow projections of pairs.</summary>
public sealed class ProgrammeReport(MentoringDbContext db, TimeProvider clock, IOptions<MentoringOptions> options)
{
    public async Task<ReportView> GetAsync(CancellationToken ct, int months = 12)
    {
        var now = clock.GetUtcNow();
        var today = PortalCultures.ToHongKong(now).DateTime;
        var firstMonth = new DateTime(today.Year, today.Month, 1).AddMonths(-(months - 1));
        var from = PortalCultures.FromHongKong(firstMonth);
        var days = options.Value.StallAfterDays;
        var stallCutoff = now.AddDays(-days);

        var pairs = await db.Pairs.AsNoTracking()
            .Select(p => new { p.Status, p.StartedUtc, p.EndedUtc, p.LastActivityUtc, p.MentorFit, p.MenteeFit })
            .ToListAsync(ct);
        var achievedSince = await db.Goals.AsNoTracking().Where(g => g.AchievedUtc >= from)
            .Select(g => g.AchievedUtc).ToListAsync(ct);
        var goalCounts = await db.Goals.AsNoTracking().GroupBy(g => g.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

        // One small aggregate per month over the HeldUtc index: the database adds up, nothing is loaded per meeting.
        var rows = new List<MonthFigures>();
        for (var i = 0; i < months; i++)
        {
            var start = PortalCultures.FromHongKong(firstMonth.AddMonths(i));
            var end = PortalCultures.FromHongKong(firstMonth.AddMonths(i + 1));
            var byMode = await db.Meetings.AsNoTracking().Where(m => m.HeldUtc >= start && m.HeldUtc < end)
                .GroupBy(m => m.Mode).Select(g => new { g.Key, Count = g.Count(), Minutes = g.Sum(m => m.Minutes) })
                .ToListAsync(ct);
            rows.Add(new MonthFigures(
                firstMonth.AddMonths(i).ToString("yyyy-MM", CultureInfo.InvariantCulture),
                pairs.Count(p => p.StartedUtc is { } s && s < end && (p.EndedUtc is null || p.EndedUtc >= start)),
                byMode.Sum(m => m.Count),
                Math.Round(byMode.Sum(m => m.Minutes) / 60m, 1),
                byMode.Where(m => m.Key == MeetingMode.InPerson).Sum(m => m.Count),
                byMode.Where(m => m.Key == MeetingMode.Phone).Sum(m => m.Count),
                byMode.Where(m => m.Key == MeetingMode.Video).Sum(m => m.Count),
                achievedSince.Count(a => a is { } x && x >= start && x < end)));
        }

        var active = pairs.Where(p => p.Status == PairStatus.Active).ToList();
        var answers = active.Concat(pairs.Where(p => p.Status is PairStatus.Completed or PairStatus.EndedEarly))
            .SelectMany(p => new[] { p.MentorFit, p.MenteeFit }).ToList();
        return new ReportView(
            rows,
            active.Count,
            pairs.Count(p => p.Status == PairStatus.Proposed),
            pairs.Count(p => p.Status == PairStatus.Completed),
            pairs.Count(p => p.Status == PairStatus.EndedEarly),
            days > 0 ? active.Count(p => p.LastActivityUtc <= stallCutoff) : 0,
            goalCounts.GetValueOrDefault(GoalStatus.Achieved),
            goalCounts.GetValueOrDefault(GoalStatus.NotStarted) + goalCounts.GetValueOrDefault(GoalStatus.InProgress),
            new FitFigures(answers.Count(a => a == true), answers.Count(a => a == false), answers.Count(a => a is null)),
            days);
    }

    /// <summary>The monthly figures as CSV (RFC 4180, UTF-8 with BOM so spreadsheet programs read the Chinese headers).</summary>
    public static byte[] ToCsv(ReportView report, Func<string, string> label)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(true)))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var header in new[] { "Month", "Active pairs", "Meetings", "Hours", "In person", "Phone", "Video", "Goals achieved" })
            {
                csv.WriteField(label(header));
            }

            csv.NextRecord();
            foreach (var m in report.Months)
            {
                csv.WriteField(m.Month);
                csv.WriteField(m.ActivePairs);
                csv.WriteField(m.Meetings);
                csv.WriteField(m.Hours);
                csv.WriteField(m.InPerson);
                csv.WriteField(m.Phone);
                csv.WriteField(m.Video);
                csv.WriteField(m.GoalsAchieved);
                csv.NextRecord();
            }
        }

        return stream.ToArray();
    }
}
