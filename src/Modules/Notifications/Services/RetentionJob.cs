using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Notifications.Data;
using Portal.Notifications.Models;

namespace Portal.Notifications.Services;

/// <summary>
/// Keeps personal data no longer than needed (PDPO): sent and parked e-mails, read in-app notifications and
/// digest entries that went out are deleted after their retention period.
/// </summary>
internal sealed class RetentionJob(
    IDbContextFactory<NotificationsDbContext> contexts,
    TimeProvider time,
    IOptions<NotificationsOptions> options,
    ILogger<RetentionJob> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        var sentBefore = now - o.KeepSentEmailsFor;
        var failedBefore = now - o.KeepFailedEmailsFor;
        var readBefore = now - o.KeepReadNotificationsFor;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var digests = await db.DigestItems
            .Where(d => d.OutboxMessageId != null && d.DueUtc < sentBefore)
            .ExecuteDeleteAsync(cancellationToken);
        var sent = await db.OutboxMessages
            .Where(m => (m.Status == OutboxStatus.Sent && m.CreatedUtc < sentBefore) || (m.Status == OutboxStatus.Failed && m.CreatedUtc < failedBefore))
            .ExecuteDeleteAsync(cancellationToken);
        var read = await db.InAppNotifications
            .Where(n => n.ReadUtc != null && n.ReadUtc < readBefore)
            .ExecuteDeleteAsync(cancellationToken);
        var total = digests + sent + read;
        if (total > 0)
        {
            logger.LogInformation("Retention removed {Emails} e-mails, {Read} read notifications and {Digest} digest entries.", sent, read, digests);
        }

        return total;
    }
}
