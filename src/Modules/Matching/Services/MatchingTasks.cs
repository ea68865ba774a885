using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.BackgroundTasks;
using Portal.Globalization;
using Portal.Matching.Data;
using Portal.Matching.Models;

namespace Portal.Matching.Services;

/// <summary>A reminder to the group before the answer deadline of a partner's offer.</summary>
public sealed class AnswerReminderTask(MatchingDbContext db, MatchingService matching, TimeProvider clock, IOptions<MatchingOptions> options) : IBackgroundTask
{
    public const string Name = "matching.answer-reminders";

    public async Task RunAsync(CancellationToken cancellationToken) => await RunOnceAsync(cancellationToken);

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var before = TimeSpan.FromHours(Math.Max(1, options.Value.ReminderHoursBefore));
        var horizon = now + before;
        var due = await db.Matches.Where(m => m.Status == MatchStatus.Interested && m.RemindedUtc == null && m.RespondByUtc > now && m.RespondByUtc <= horizon)
            .OrderBy(m => m.Id).Take(200).ToListAsync(ct);
        var count = 0;
        foreach (var match in due)
        {
            if (!match.ReminderDue(now, before))
            {
                continue;
            }

            var need = await db.Needs.AsNoTracking().FirstAsync(n => n.Id == match.NeedId, ct);
            var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == match.OrganisationId, ct);
            var partner = await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == match.PartnerId, ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            match.MarkReminded(now);
            await db.SaveChangesAsync(ct);
            await matching.NotifyAsync(MatchingNotifications.AnswerReminder, organisation.LeaderUserId, new()
            {
                ["other"] = partner?.DisplayName ?? "",
                ["need"] = need.Title,
                ["deadline"] = PortalCultures.FormatDateTime(match.RespondByUtc.AddMinutes(-1)),
            }, $"matching.reminder:{match.Id}", $"/partners/matches/{match.Id}", tx, ct);
            await tx.CommitAsync(ct);
            count++;
        }

        return count;
    }
}

/// <summary>Offers the group did not answer in time expire; the partner is told (and staff can follow up).</summary>
public sealed class OfferExpiryTask(MatchingDbContext db, MatchingService matching, TimeProvider clock) : IBackgroundTask
{
    public const string Name = "matching.offer-expiry";

    public async Task RunAsync(CancellationToken cancellationToken) => await RunOnceAsync(cancellationToken);

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var overdue = await db.Matches.Where(m => m.Status == MatchStatus.Interested && m.RespondByUtc < now).OrderBy(m => m.Id).Take(200).ToListAsync(ct);
        var count = 0;
        foreach (var match in overdue)
        {
            if (!match.ExpireIfOverdue(now))
            {
                continue;
            }

            var need = await db.Needs.AsNoTracking().FirstAsync(n => n.Id == match.NeedId, ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // The group answered at this very moment: their answer stands.
                db.ChangeTracker.Clear();
                continue;
            }

            await matching.NotifyAsync(MatchingNotifications.InterestExpired, match.PartnerUserId,
                new() { ["need"] = need.Title }, $"matching.expired:{match.Id}", $"/partners/matches/{match.Id}", tx, ct);
            await tx.CommitAsync(ct);
            count++;
        }

        return count;
    }
}
