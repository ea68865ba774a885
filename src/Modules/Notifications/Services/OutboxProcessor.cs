using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Notifications.Data;
using Portal.Notifications.Models;

namespace Portal.Notifications.Services;

/// <summary>
/// One delivery pass over the outbox: claim due messages (an atomic Queued → Sending update with a lease, so two
/// workers never take the same message), send them over one SMTP connection, record each outcome at once.
/// </summary>
internal sealed class OutboxProcessor(
    IDbContextFactory<NotificationsDbContext> contexts,
    SmtpSettingsProvider smtpSettings,
    IMailTransport transport,
    TimeProvider time,
    IOptions<NotificationsOptions> options,
    ILogger<OutboxProcessor> logger)
{
    private readonly NotificationsOptions _options = options.Value;

    /// <summary>Returns how many messages were sent.</summary>
    public async Task<int> ProcessDueAsync(CancellationToken cancellationToken)
    {
        var settings = await smtpSettings.GetAsync(cancellationToken);
        if (settings is null)
        {
            // Nothing is claimed, so no attempt is used up while the site has no mail server yet.
            logger.LogDebug("No SMTP server is configured; the outbox waits.");
            return 0;
        }

        if (HeaderGuard.ParseFrom(settings.From) is null)
        {
            // A site-wide mistake, not a message's fault: leave the queue untouched until staff fix it.
            logger.LogWarning("The SMTP sender address (Portal:Smtp:From or the admin screen) is missing or invalid; the outbox waits.");
            return 0;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var claimed = await ClaimAsync(db, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var sent = 0;
        IMailConnection? connection = null;
        try
        {
            try
            {
                connection = await transport.ConnectAsync(settings, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var error = ErrorText.Describe(ex);
                logger.LogWarning("Could not reach the SMTP server {Server}: {Error}", settings.ToString(), error);
                foreach (var message in claimed)
                {
                    await RecordFailureAsync(db, message, error, permanent: false, cancellationToken);
                }

                return 0;
            }

            for (var index = 0; index < claimed.Count; index++)
            {
                var message = claimed[index];

                // Renew the lease of everything this pass still holds, then send only if this message is still ours:
                // a batch that outlasts its lease can no longer be taken over half-way and sent twice by another node.
                if (!await RenewAsync(db, message.ClaimToken!, message.Id, cancellationToken))
                {
                    logger.LogWarning("Outbox message {Id} was taken over by another worker after its lease ran out; not sent here.", message.Id);
                    db.Entry(message).State = EntityState.Detached;
                    continue;
                }

                if (!connection.IsConnected)
                {
                    await RecordFailureAsync(db, message, "The SMTP connection was closed.", permanent: false, cancellationToken);
                    continue;
                }

                try
                {
                    var mime = EmailComposer.Compose(message, settings, time.GetUtcNow());
                    await connection.SendAsync(mime, cancellationToken);
                    message.MarkSent(mime.MessageId ?? "", time.GetUtcNow());
                    await db.SaveChangesAsync(CancellationToken.None);
                    sent++;
                }
                catch (DbUpdateConcurrencyException)
                {
                    logger.LogWarning("Outbox message {Id} was taken over by another worker after its lease ran out.", message.Id);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    var error = ErrorText.Describe(ex);
                    if (IsServerWide(ex))
                    {
                        // The server refuses everyone (530 authentication required at MAIL FROM, 4xx, a dropped
                        // connection): not this message's fault. It counts as a transient attempt (with the usual limit);
                        // the rest of the batch goes back to the queue untouched, to be tried after the same pause.
                        logger.LogWarning("The SMTP server {Server} refused sending (outbox message {Id}, attempt {Attempt}): {Error}; the outbox waits and tries again.",
                            settings.ToString(), message.Id, message.Attempts, error);
                        await RecordFailureAsync(db, message, error, permanent: false, cancellationToken);
                        await ReleaseAsync(db, claimed.Skip(index + 1).ToList(), message.NextAttemptUtc, cancellationToken);
                        break;
                    }

                    logger.LogWarning("Sending outbox message {Id} failed (attempt {Attempt}): {Error}", message.Id, message.Attempts, error);
                    await RecordFailureAsync(db, message, error, IsPermanent(ex), cancellationToken);
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }

        return sent;
    }

    /// <summary>Only a refusal of this one message is permanent: the recipient (550/551/553 at RCPT TO) or the message
    /// itself (552/554 after DATA), or a message that cannot be composed.</summary>
    internal static bool IsPermanent(Exception ex) =>
        ex is InvalidOperationException
        || (ex is SmtpCommandException smtp && (int)smtp.StatusCode >= 500
            && smtp.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted);

    /// <summary>A refusal that would hit every message alike: the sender refused at MAIL FROM (e.g. 530 authentication
    /// required, 550 sender not allowed), any 4xx or 421 service not available, or a broken connection or protocol.</summary>
    internal static bool IsServerWide(Exception ex) => ex switch
    {
        SmtpCommandException smtp => smtp.ErrorCode == SmtpErrorCode.SenderNotAccepted
            || (int)smtp.StatusCode < 500
            || smtp.StatusCode is MailKit.Net.Smtp.SmtpStatusCode.AuthenticationRequired or MailKit.Net.Smtp.SmtpStatusCode.ServiceNotAvailable,
        SmtpProtocolException or MailKit.ServiceNotConnectedException or MailKit.ServiceNotAuthenticatedException
            or IOException or System.Net.Sockets.SocketException => true,
        _ => false,
    };

    /// <summary>Renews the lease of every message this pass holds; true when <paramref name="messageId"/> is still one of them.</summary>
    private async Task<bool> RenewAsync(NotificationsDbContext db, string token, string messageId, CancellationToken cancellationToken)
    {
        var lease = time.GetUtcNow() + _options.SendingLease;
        await db.OutboxMessages
            .Where(m => m.ClaimToken == token && m.Status == OutboxStatus.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntilUtc, lease), cancellationToken);
        return await db.OutboxMessages.AnyAsync(m => m.Id == messageId && m.ClaimToken == token && m.Status == OutboxStatus.Sending, cancellationToken);
    }

    /// <summary>Gives claimed but untried messages back to the queue without using up an attempt.</summary>
    private async Task ReleaseAsync(NotificationsDbContext db, List<OutboxMessage> messages, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            message.Release(notBefore);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogWarning("Outbox messages were taken over by another worker while being given back to the queue.");
        }
    }

    private async Task<List<OutboxMessage>> ClaimAsync(NotificationsDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var candidates = await db.OutboxMessages.AsNoTracking()
            .Where(m => (m.Status == OutboxStatus.Queued && m.NextAttemptUtc <= now)
                || (m.Status == OutboxStatus.Sending && m.LeaseUntilUtc <= now))
            .OrderBy(m => m.NextAttemptUtc)
            .Select(m => m.Id)
            .Take(_options.BatchSize)
            .ToListAsync(cancellationToken);

        var token = Guid.NewGuid().ToString("N");
        var lease = now + _options.SendingLease;
        foreach (var id in candidates)
        {
            // The condition is repeated in the UPDATE: only one worker's update matches.
            await db.OutboxMessages
                .Where(m => m.Id == id
                    && ((m.Status == OutboxStatus.Queued && m.NextAttemptUtc <= now)
                        || (m.Status == OutboxStatus.Sending && m.LeaseUntilUtc <= now)))
                .ExecuteUpdateAsync(
                    s => s.SetProperty(m => m.Status, OutboxStatus.Sending)
                        .SetProperty(m => m.ClaimToken, token)
                        .SetProperty(m => m.LeaseUntilUtc, lease)
                        .SetProperty(m => m.Attempts, m => m.Attempts + 1),
                    cancellationToken);
        }

        return await db.OutboxMessages.Where(m => m.ClaimToken == token).OrderBy(m => m.CreatedUtc).ToListAsync(cancellationToken);
    }

    private async Task RecordFailureAsync(NotificationsDbContext db, OutboxMessage message, string error, bool permanent, CancellationToken cancellationToken)
    {
        var maxAttempts = permanent ? message.Attempts : _options.MaxAttempts;
        message.MarkAttemptFailed(error, maxAttempts, _options.RetryDelayAfter(message.Attempts), time.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogWarning("Outbox message {Id} was taken over by another worker after its lease ran out.", message.Id);
        }
    }
}
