using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Academy.Data;
using Portal.BackgroundTasks;
using Portal.Globalization;
using Portal.Notifications;
using Portal.People;

namespace Portal.Academy.Services;

/// <summary>Sends one friendly reminder per idle stretch to learners without progress for N days.</summary>
public sealed class NudgeService(AcademyDbContext db, TimeProvider clock, IOptions<AcademyOptions> options,
    INotificationPublisher publisher, IPersonDirectory directory)
{
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var days = options.Value.NudgeAfterDays;
        if (days <= 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var cutoff = now.AddDays(-days);
        var idle = await db.EnrolmentsWithProgress()
            .Where(e => e.CompletedUtc == null && e.LastActivityUtc < cutoff && (e.LastNudgedUtc == null || e.LastNudgedUtc < e.LastActivityUtc))
            .OrderBy(e => e.Id)
            .Take(200)
            .ToListAsync(ct);
        if (idle.Count == 0)
        {
            return 0;
        }

        var ids = idle.Select(e => e.CourseId).Distinct().ToList();
        var courses = await db.CoursesWithContent().Where(c => ids.Contains(c.Id) && c.Published).ToDictionaryAsync(c => c.Id, ct);
        var sent = 0;
        foreach (var enrolment in idle.Where(e => courses.ContainsKey(e.CourseId)))
        {
            var course = courses[enrolment.CourseId];
            var person = await directory.FindAsync(enrolment.UserId, ct);
            var english = PortalCultures.Normalize(person?.Culture) == PortalCultures.English;
            var url = "/academy/courses/" + course.Slug + "/continue";
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            enrolment.MarkNudged(now);
            await db.SaveChangesAsync(ct);
            await publisher.PublishAsync(new NotificationRequest(AcademyNotifications.Nudge, enrolment.UserId,
                new Dictionary<string, string>
                {
                    ["name"] = person?.DisplayName ?? "",
                    ["course"] = course.Title(english),
                    ["percent"] = enrolment.PercentComplete(course).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["url"] = url,
                },
                $"academy.nudge:{enrolment.Id}:{enrolment.LastActivityUtc.UtcTicks}") { Url = url }, Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(tx), ct);
            await tx.CommitAsync(ct);
            sent++;
        }

        return sent;
    }
}

/// <summary>The background task <c>academy.nudges</c>: runs <see cref="NudgeService"/> every
/// <see cref="AcademyOptions.NudgeIntervalHours"/> hours (default 6), on one node at a time, only while Academy is on.</summary>
internal sealed class NudgeTask(NudgeService nudges, ILogger<NudgeTask> logger) : IBackgroundTask
{
    public const string Name = "academy.nudges";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var sent = await nudges.RunOnceAsync(cancellationToken);
        if (sent > 0)
        {
            logger.LogInformation("Academy nudges sent: {Count}", sent);
        }
    }
}
