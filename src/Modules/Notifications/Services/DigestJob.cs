using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Globalization;
using Portal.Notifications.Data;
using Portal.Notifications.Models;
using Portal.People;

namespace Portal.Notifications.Services;

/// <summary>
/// Turns due digest entries into one e-mail per person and frequency, grouped by kind, in the person's language.
/// Entries carry their due time (08:00 HKT, Mondays for weekly), so no schedule state is needed and a worker that
/// was down catches up at its next pass.
/// </summary>
internal sealed class DigestJob(
    IDbContextFactory<NotificationsDbContext> contexts,
    NotificationKindRegistry kinds,
    IPersonDirectory people,
    EmailRenderer emails,
    SiteLinks links,
    TimeProvider time,
    ILogger<DigestJob> logger)
{
    /// <summary>Marks entries whose person can no longer be reached.</summary>
    public const string Dropped = "-";

    /// <summary>Returns how many digests were queued.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var due = await db.DigestItems
            .Where(d => d.OutboxMessageId == null && d.DueUtc <= now)
            .OrderBy(d => d.Id)
            .Take(5000)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var persons = (await people.FindManyAsync([.. due.Select(d => d.UserId).Distinct()], cancellationToken))
            .ToDictionary(p => p.UserId, StringComparer.Ordinal);
        var queued = 0;
        foreach (var group in due.GroupBy(d => (d.UserId, d.Frequency)))
        {
            var items = group.OrderBy(d => d.CreatedUtc).ToList();
            if (!persons.TryGetValue(group.Key.UserId, out var person) || HeaderGuard.ValidAddress(person.Email) is not { } address)
            {
                items.ForEach(i => i.IncludeIn(Dropped));
                continue;
            }

            var culture = PortalCultures.Normalize(person.Culture);
            var kindName = group.Key.Frequency == DeliveryPreference.WeeklyDigest ? NotificationsKindProvider.WeeklyDigest : NotificationsKindProvider.DailyDigest;
            var kind = kinds.Find(kindName)!;
            var template = (await EmailRenderer.FindTemplateAsync(db, kind, culture, cancellationToken))!;
            var unsubscribe = links.Unsubscribe(person.UserId, UnsubscribeRequest.AllKinds);
            var email = emails.RenderDigest(template, culture, person.DisplayName, [.. items.Select(i => new DigestEntry(i.Kind, i.Title, i.Url))], unsubscribe);
            var lastDue = items.Max(i => i.DueUtc);
            var key = string.Create(CultureInfo.InvariantCulture, $"digest:{group.Key.Frequency}:{person.UserId}:{lastDue.UtcTicks}");
            var message = new OutboxMessage(key, kindName, person.UserId, address, HeaderGuard.CleanText(person.DisplayName), culture, email, unsubscribe, now);
            db.OutboxMessages.Add(message);
            items.ForEach(i => i.IncludeIn(message.Id));
            queued++;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (queued > 0)
        {
            logger.LogInformation("Queued {Count} digest e-mails.", queued);
        }

        return queued;
    }
}
