using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Portal.BackgroundTasks;
using Portal.Globalization;
using Portal.Mentoring.Data;
using Portal.Mentoring.Models;
using Portal.People;
using Portal.Security;

namespace Portal.Mentoring.Services;

/// <summary>Active pairs with nothing logged for N days: one reminder to the mentor per idle stretch, and a digest
/// to scheme staff listing how many pairs stalled.</summary>
public sealed class StallDetectionTask(MentoringDbContext db, MentoringService mentoring, TimeProvider clock,
    IOptions<MentoringOptions> options, IPersonDirectory directory) : IBackgroundTask
{
    public const string Name = "mentoring.stall-detection";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await mentoring.CompleteMissingCertificatesAsync(cancellationToken);
        await RunOnceAsync(cancellationToken);
    }

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var days = options.Value.StallAfterDays;
        if (days <= 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var cutoff = now.AddDays(-days);
        var stalled = await db.Pairs
            .Where(p => p.Status == PairStatus.Active && p.LastActivityUtc <= cutoff && p.StallNotifiedUtc == null && p.MentorUserId != "")
            .OrderBy(p => p.Id).Take(200).ToListAsync(ct);
        if (stalled.Count == 0)
        {
            return 0;
        }

        var names = (await directory.FindManyAsync([.. stalled.Select(p => p.MenteeUserId).Where(id => id.Length > 0).Distinct()], ct)).ToDictionary(p => p.UserId);
        foreach (var pair in stalled)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            pair.MarkStallNotified(now);
            await db.SaveChangesAsync(ct);
            await mentoring.NotifyAsync(MentoringNotifications.StallReminder, pair.MentorUserId, new()
            {
                ["other"] = names.GetValueOrDefault(pair.MenteeUserId)?.DisplayName ?? "",
                ["days"] = MentoringService.Invariant((int)(now - pair.LastActivityUtc).TotalDays),
            }, $"mentoring.stall:{pair.Id}:{pair.LastActivityUtc.UtcTicks}", $"/mentoring/pairs/{pair.Id}", tx, ct);
            await tx.CommitAsync(ct);
        }

        var staff = (await directory.InRoleAsync(PortalRoles.Staff, ct)).Select(p => p.UserId).Distinct().ToList();
        var day = PortalCultures.Today(clock).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var staffId in staff)
        {
            await mentoring.NotifyAsync(MentoringNotifications.StallDigest, staffId, new()
            {
                ["count"] = MentoringService.Invariant(stalled.Count),
                ["days"] = MentoringService.Invariant(days),
            }, $"mentoring.stall-digest:{staffId}:{day}", "/admin/mentoring/pairs?filter=stalled", null, ct);
        }

        return stalled.Count;
    }
}

/// <summary>Mentee requests the mentor did not answer in time expire; the mentee is told.</summary>
public sealed class RequestExpiryTask(MentoringDbContext db, MentoringService mentoring, TimeProvider clock, IPersonDirectory directory) : IBackgroundTask
{
    public const string Name = "mentoring.request-expiry";

    public async Task RunAsync(CancellationToken cancellationToken) => await RunOnceAsync(cancellationToken);

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var overdue = await db.Pairs.Where(p => p.Status == PairStatus.Requested && p.RespondByUtc < now).OrderBy(p => p.Id).Take(200).ToListAsync(ct);
        var count = 0;
        foreach (var pair in overdue)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (!pair.ExpireIfOverdue(now))
            {
                continue;
            }

            await db.SaveChangesAsync(ct);
            var mentor = await directory.FindAsync(pair.MentorUserId, ct);
            await mentoring.NotifyAsync(MentoringNotifications.RequestExpired, pair.MenteeUserId,
                new() { ["other"] = mentor?.DisplayName ?? "" }, $"mentoring.request-expired:{pair.Id}", "/mentoring/mentors", tx, ct);
            await tx.CommitAsync(ct);
            count++;
        }

        return count;
    }
}

/// <summary>A reminder to both sides before a planned meeting.</summary>
public sealed class MeetingReminderTask(MentoringDbContext db, MentoringService mentoring, TimeProvider clock,
    IOptions<MentoringOptions> options, IPersonDirectory directory) : IBackgroundTask
{
    public const string Name = "mentoring.meeting-reminders";

    public async Task RunAsync(CancellationToken cancellationToken) => await RunOnceAsync(cancellationToken);

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var horizon = now.AddHours(Math.Max(1, options.Value.ReminderHoursBefore));
        var due = await db.Pairs.Where(p => p.Status == PairStatus.Active && p.NextMeetingUtc > now && p.NextMeetingUtc <= horizon && p.NextMeetingRemindedUtc == null)
            .OrderBy(p => p.Id).Take(200).ToListAsync(ct);
        foreach (var pair in due)
        {
            var people = (await directory.FindManyAsync([.. new[] { pair.MentorUserId, pair.MenteeUserId }.Where(id => id.Length > 0)], ct)).ToDictionary(p => p.UserId);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            pair.MarkReminded(now);
            await db.SaveChangesAsync(ct);
            var when = pair.NextMeetingUtc!.Value;
            foreach (var (me, other) in new[] { (pair.MentorUserId, pair.MenteeUserId), (pair.MenteeUserId, pair.MentorUserId) })
            {
                var english = PortalCultures.Normalize(people.GetValueOrDefault(me)?.Culture) == PortalCultures.English;
                await mentoring.NotifyAsync(MentoringNotifications.MeetingReminder, me, new()
                {
                    ["other"] = people.GetValueOrDefault(other)?.DisplayName ?? "",
                    ["date"] = PortalCultures.FormatDateTime(when),
                    ["mode"] = ModeText(pair.NextMeetingMode, english),
                }, $"mentoring.reminder:{pair.Id}:{when.UtcTicks}:{me}", $"/mentoring/pairs/{pair.Id}", tx, ct);
            }

            await tx.CommitAsync(ct);
        }

        return due.Count;
    }

    internal static string ModeText(MeetingMode mode, bool english) => mode switch
    {
        MeetingMode.Phone => english ? "phone" : "電話",
        MeetingMode.Video => english ? "video" : "視像",
        _ => english ? "in person" : "面談",
    };
}
