using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Portal.Notifications.Models;
using Portal.Notifications.Services;

namespace Portal.Notifications.Tests;

/// <summary>Site-wide SMTP faults (issue 17) against a real SMTP server (aiosmtpd) on 127.0.0.1: a refusal of every
/// sender is transient with a limit, staff resend all failed mail at once, and a batch that outlasts its lease is never
/// sent twice by a second node.</summary>
public sealed class SmtpFaultTests
{
    [Fact]
    public async Task A_530_at_mail_from_is_transient_and_staff_resend_everything_that_failed()
    {
        using var smtp = new SmtpTestServer();
        await using var site = new TestSite(smtp.Port); // MaxAttempts = 3, base delay 10 s
        for (var i = 0; i < 5; i++)
        {
            site.People.Add("u" + i, "會員" + i, $"member{i}@example.org", "zh-HK");
        }

        smtp.RefuseSenders = true;
        for (var i = 0; i < 5; i++)
        {
            await site.PublishAsync(new NotificationRequest(NotificationsKindProvider.ResetPassword, "u" + i,
                new Dictionary<string, string> { ["link"] = "https://portal.test/reset/" + i }, "reset:" + i));
        }

        // First pass: the first message meets the refusal (one transient attempt); the rest of the batch goes back to
        // the queue untried, nothing is parked as failed.
        Assert.Equal(0, await site.ProcessOutboxAsync());
        await using (var db = site.Db())
        {
            var rows = await db.OutboxMessages.OrderBy(m => m.CreatedUtc).ToListAsync();
            Assert.All(rows, r => Assert.Equal(OutboxStatus.Queued, r.Status));
            Assert.Equal([1, 0, 0, 0, 0], rows.Select(r => r.Attempts));
            Assert.Contains("Authentication required", rows[0].LastError, StringComparison.Ordinal);
            Assert.All(rows, r => Assert.Equal(rows[0].NextAttemptUtc, r.NextAttemptUtc)); // all wait the same pause
        }

        // A long outage: the limit still holds (a message is parked after MaxAttempts), but one at a time, not all at once.
        for (var pass = 0; pass < 4; pass++)
        {
            site.Clock.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal(0, await site.ProcessOutboxAsync());
        }

        await using (var db = site.Db())
        {
            var rows = await db.OutboxMessages.OrderBy(m => m.CreatedUtc).ToListAsync();
            Assert.Equal(OutboxStatus.Failed, rows[0].Status);
            Assert.Equal(4, rows.Count(r => r.Status == OutboxStatus.Queued));
        }

        Assert.Empty(smtp.Messages());

        // The server works again; staff resend everything that failed in one go.
        smtp.RefuseSenders = false;
        var requeued = await site.WithScopeAsync(sp => sp.GetRequiredService<NotificationsAdmin>().ResendAllFailedAsync(CancellationToken.None));
        Assert.Equal(1, requeued);
        site.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(5, await site.ProcessOutboxAsync());

        var messages = smtp.Messages();
        Assert.Equal(5, messages.Count);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"member{i}@example.org"), messages.Select(m => ((MailboxAddress)m.To[0]).Address).Order());
        await using var after = site.Db();
        Assert.All(await after.OutboxMessages.ToListAsync(), r => Assert.Equal(OutboxStatus.Sent, r.Status));
        Assert.Equal(0, await site.WithScopeAsync(sp => sp.GetRequiredService<NotificationsAdmin>().ResendAllFailedAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task A_batch_longer_than_its_lease_is_not_sent_again_by_a_second_node()
    {
        using var smtp = new SmtpTestServer();
        TestSite? site = null;
        var secondNodeSent = 0;
        var inSecondNode = false;

        // Every send takes 2 minutes (on the test clock): a batch of 4 outlasts the 5-minute lease. After each send a
        // second node runs a pass over the same database, as it would on its own timer.
        site = new TestSite(smtp.Port, configure: services => services.AddSingleton<IMailTransport>(_ => new SlowTransport(new MailKitTransport(), async () =>
        {
            site!.Clock.Advance(TimeSpan.FromMinutes(2));
            if (!inSecondNode)
            {
                inSecondNode = true;
                secondNodeSent += await site.ProcessOutboxAsync();
                inSecondNode = false;
            }
        })));
        await using (site)
        {
            for (var i = 0; i < 4; i++)
            {
                site.People.Add("u" + i, "會員" + i, $"member{i}@example.org", "en");
                await site.PublishAsync(new NotificationRequest(NotificationsKindProvider.ResetPassword, "u" + i,
                    new Dictionary<string, string> { ["link"] = "https://portal.test/reset/" + i }, "reset:" + i));
            }

            var firstNodeSent = await site.ProcessOutboxAsync();

            Assert.Equal(4, firstNodeSent);
            Assert.Equal(0, secondNodeSent);
            var messages = smtp.Messages();
            Assert.Equal(4, messages.Count);
            Assert.Equal(4, messages.Select(m => m.MessageId).Distinct().Count());
            await using var db = site.Db();
            Assert.All(await db.OutboxMessages.ToListAsync(), r => Assert.Equal((OutboxStatus.Sent, 1), (r.Status, r.Attempts)));
        }
    }

    [Fact]
    public void Only_refusals_of_one_message_are_permanent()
    {
        var mailbox = new MailboxAddress("", "someone@example.org");
        Assert.True(OutboxProcessor.IsPermanent(new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, mailbox, "550 no such user")));
        Assert.True(OutboxProcessor.IsPermanent(new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.TransactionFailed, "554 rejected")));
        Assert.True(OutboxProcessor.IsPermanent(new InvalidOperationException("cannot compose")));

        var refusedSender = new SmtpCommandException(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.AuthenticationRequired, mailbox, "530 authentication required");
        Assert.False(OutboxProcessor.IsPermanent(refusedSender));
        Assert.True(OutboxProcessor.IsServerWide(refusedSender));
        Assert.True(OutboxProcessor.IsServerWide(new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxBusy, mailbox, "450 try later")));
        Assert.True(OutboxProcessor.IsServerWide(new SmtpCommandException(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.ServiceNotAvailable, "421 closing")));
        Assert.True(OutboxProcessor.IsServerWide(new IOException("connection reset")));
        Assert.False(OutboxProcessor.IsServerWide(new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, mailbox, "550 no such user")));
    }

    private sealed class SlowTransport(IMailTransport inner, Func<Task> afterEachSend) : IMailTransport
    {
        public async Task<IMailConnection> ConnectAsync(SmtpSettings settings, CancellationToken cancellationToken) =>
            new Connection(await inner.ConnectAsync(settings, cancellationToken), afterEachSend);

        private sealed class Connection(IMailConnection inner, Func<Task> afterEachSend) : IMailConnection
        {
            public bool IsConnected => inner.IsConnected;

            public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
            {
                await inner.SendAsync(message, cancellationToken);
                await afterEachSend();
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
