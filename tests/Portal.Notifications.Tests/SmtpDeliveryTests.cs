using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Portal.Notifications.Models;
using Portal.Notifications.Services;
using Microsoft.Extensions.Time.Testing;

namespace Portal.Notifications.Tests;

/// <summary>Delivery through a real SMTP server (aiosmtpd) on 127.0.0.1.</summary>
public sealed class SmtpDeliveryTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Account_email_arrives_in_chinese_with_both_parts()
    {
        using var smtp = new SmtpTestServer();
        await using var site = new TestSite(smtp.Port);
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");
        var worker = site.Services.GetRequiredService<OutboxLoop>();
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await site.PublishAsync(new NotificationRequest(NotificationsKindProvider.ConfirmEmail, "u1",
                new Dictionary<string, string> { ["link"] = "https://portal.test/account/confirm?userId=u1&code=A%2Bb" }, "confirm:u1:1"));

            var message = Assert.Single(await smtp.WaitForMessagesAsync(1, Wait));

            Assert.Equal("請確認你的電郵地址", message.Subject);
            var raw = Assert.Single(smtp.RawMessages());
            Assert.Contains("Subject: =?utf-8?", raw, StringComparison.OrdinalIgnoreCase); // RFC 2047, not raw bytes
            var from = Assert.IsType<MailboxAddress>(Assert.Single(message.From));
            Assert.Equal("自助組織平台", from.Name);
            Assert.Equal("noreply@portal.test", from.Address);
            var to = Assert.IsType<MailboxAddress>(Assert.Single(message.To));
            Assert.Equal(("陳大文", "chan@example.org"), (to.Name, to.Address));
            Assert.EndsWith("@portal.test", message.MessageId, StringComparison.Ordinal);
            Assert.Null(message.Headers[HeaderId.ListUnsubscribe]); // account mail cannot be unsubscribed from

            var alternative = Assert.IsType<MultipartAlternative>(message.Body);
            var parts = alternative.OfType<TextPart>().ToList();
            Assert.Equal(["text/plain", "text/html"], parts.Select(p => p.ContentType.MimeType).ToList());
            Assert.All(parts, p => Assert.Equal("utf-8", p.ContentType.Charset, ignoreCase: true));
            Assert.Contains("陳大文，你好：", parts[0].Text, StringComparison.Ordinal);
            Assert.Contains("確認我的電郵地址: https://portal.test/account/confirm?userId=u1&code=A%2Bb", parts[0].Text, StringComparison.Ordinal);
            Assert.Contains("<a href=\"https://portal.test/account/confirm?userId=u1&amp;code=A%2Bb\">確認我的電郵地址</a>", parts[1].Text, StringComparison.Ordinal);
            Assert.Contains("lang=\"zh-HK\"", parts[1].Text, StringComparison.Ordinal);

            // The server has the message a moment before the worker records it as sent: wait for that record.
            var row = await SentRowAsync(site);
            Assert.Equal(OutboxStatus.Sent, row.Status);
            Assert.Equal(1, row.Attempts);
            Assert.Equal(message.MessageId, row.MessageId);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Forum_email_carries_one_click_unsubscribe()
    {
        using var smtp = new SmtpTestServer();
        await using var site = new TestSite(smtp.Port);
        site.People.Add("u1", "Mary Wong", "mary@example.org", "en");
        await site.PublishAsync(new NotificationRequest(ForumKinds.Reply, "u1",
            new Dictionary<string, string> { ["author"] = "Lee", ["topic"] = "Respite <care>", ["excerpt"] = "Thanks", ["link"] = "https://portal.test/c/1" }, "r1"));

        Assert.Equal(1, await site.ProcessOutboxAsync());

        var message = Assert.Single(smtp.Messages());
        Assert.Equal("Lee replied to “Respite <care>”", message.Subject);
        var header = message.Headers[HeaderId.ListUnsubscribe];
        Assert.StartsWith("<https://portal.test/unsubscribe/", header, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("Respite &lt;care&gt;", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Unsubscribe from these emails", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outage_loses_nothing_and_sends_each_message_once()
    {
        using var smtp = new SmtpTestServer();
        await using var site = new TestSite(smtp.Port, new Dictionary<string, string?> { ["Portal:Notifications:MaxAttempts"] = "10" });
        for (var i = 0; i < 5; i++)
        {
            site.People.Add("u" + i, "會員" + i, $"member{i}@example.org", i % 2 == 0 ? "zh-HK" : "en");
        }

        smtp.Stop();
        for (var i = 0; i < 5; i++)
        {
            await site.PublishAsync(new NotificationRequest(NotificationsKindProvider.ResetPassword, "u" + i,
                new Dictionary<string, string> { ["link"] = "https://portal.test/reset/" + i }, "reset:" + i));
        }

        // Three passes while the server is down: each fails, backs off, nothing is lost.
        for (var pass = 0; pass < 3; pass++)
        {
            Assert.Equal(0, await site.ProcessOutboxAsync());
            site.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        await using (var db = site.Db())
        {
            var rows = await db.OutboxMessages.ToListAsync();
            Assert.All(rows, r => Assert.Equal((OutboxStatus.Queued, 3), (r.Status, r.Attempts)));
            Assert.All(rows, r => Assert.DoesNotContain("@", r.LastError!, StringComparison.Ordinal));
        }

        smtp.Start();
        var worker = site.Services.GetRequiredService<OutboxLoop>();
        await worker.StartAsync(CancellationToken.None);
        try
        {
            var messages = await smtp.WaitForMessagesAsync(5, Wait);
            await Task.Delay(500); // several more polls: nothing more may arrive
            messages = smtp.Messages();
            Assert.Equal(5, messages.Count);
            Assert.Equal(5, messages.Select(m => m.MessageId).Distinct().Count());
            Assert.Equal(
                Enumerable.Range(0, 5).Select(i => $"member{i}@example.org").Order(),
                messages.Select(m => ((MailboxAddress)m.To[0]).Address).Order());
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }

        await using var after = site.Db();
        Assert.All(await after.OutboxMessages.ToListAsync(), r => Assert.Equal(OutboxStatus.Sent, r.Status));
    }

    [Fact]
    public async Task Repeated_failures_back_off_and_park_the_message()
    {
        using var smtp = new SmtpTestServer();
        smtp.Stop();
        await using var site = new TestSite(smtp.Port); // MaxAttempts = 3, base delay 10 s
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");
        await site.PublishAsync(new NotificationRequest(NotificationsKindProvider.ResetPassword, "u1",
            new Dictionary<string, string> { ["link"] = "https://portal.test/r" }, "reset"));

        await site.ProcessOutboxAsync();
        await using (var db = site.Db())
        {
            var row = await db.OutboxMessages.SingleAsync();
            Assert.Equal((OutboxStatus.Queued, 1), (row.Status, row.Attempts));
            Assert.Equal(TestSite.Start.AddSeconds(10), row.NextAttemptUtc);
        }

        site.Clock.Advance(TimeSpan.FromSeconds(5)); // not due yet: no attempt is made
        await site.ProcessOutboxAsync();
        site.Clock.Advance(TimeSpan.FromSeconds(5));
        await site.ProcessOutboxAsync();
        await using (var db = site.Db())
        {
            var row = await db.OutboxMessages.SingleAsync();
            Assert.Equal((OutboxStatus.Queued, 2), (row.Status, row.Attempts));
            Assert.Equal(TestSite.Start.AddSeconds(10 + 20), row.NextAttemptUtc); // doubled
        }

        site.Clock.Advance(TimeSpan.FromSeconds(20));
        await site.ProcessOutboxAsync();
        site.Clock.Advance(TimeSpan.FromHours(5));
        await site.ProcessOutboxAsync(); // parked: never tried again

        await using (var db = site.Db())
        {
            var row = await db.OutboxMessages.SingleAsync();
            Assert.Equal((OutboxStatus.Failed, 3), (row.Status, row.Attempts));
            Assert.False(string.IsNullOrEmpty(row.LastError));
        }

        // Staff resend it once the server is back.
        smtp.Start();
        var id = (await site.WithScopeAsync(sp => sp.GetRequiredService<NotificationsAdmin>().OutboxAsync(OutboxStatus.Failed, 10, CancellationToken.None))).Single().Id;
        Assert.True(await site.WithScopeAsync(sp => sp.GetRequiredService<NotificationsAdmin>().ResendAsync(id, CancellationToken.None)));
        Assert.Equal(1, await site.ProcessOutboxAsync());
        Assert.Single(smtp.Messages());
    }

    [Fact]
    public async Task Invalid_sender_configuration_uses_up_no_attempts()
    {
        using var smtp = new SmtpTestServer();
        await using var site = new TestSite(smtp.Port, new Dictionary<string, string?> { ["Portal:Smtp:From"] = "not an address" });
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");
        await site.PublishAsync(new NotificationRequest(NotificationsKindProvider.ResetPassword, "u1",
            new Dictionary<string, string> { ["link"] = "https://portal.test/r" }, "reset"));

        Assert.Equal(0, await site.ProcessOutboxAsync());

        await using var db = site.Db();
        var row = await db.OutboxMessages.SingleAsync();
        Assert.Equal((OutboxStatus.Queued, 0), (row.Status, row.Attempts));
        Assert.Empty(smtp.Messages());
    }

    [Fact]
    public async Task Crash_after_claiming_resends_with_the_same_message_id()
    {
        using var smtp = new SmtpTestServer();
        await using var site = new TestSite(smtp.Port);
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");
        await site.PublishAsync(new NotificationRequest(NotificationsKindProvider.ResetPassword, "u1",
            new Dictionary<string, string> { ["link"] = "https://portal.test/r" }, "reset"));

        // A worker claimed the message and died before recording anything.
        await using (var db = site.Db())
        {
            await db.OutboxMessages.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sending)
                .SetProperty(m => m.ClaimToken, "dead-worker")
                .SetProperty(m => m.LeaseUntilUtc, TestSite.Start.AddMinutes(5))
                .SetProperty(m => m.Attempts, 1));
        }

        Assert.Equal(0, await site.ProcessOutboxAsync()); // lease still held: left alone
        site.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, await site.ProcessOutboxAsync()); // lease expired: taken over

        var message = Assert.Single(smtp.Messages());
        await using var after = site.Db();
        var row = await after.OutboxMessages.SingleAsync();
        Assert.Equal(row.Id + "@portal.test", message.MessageId);
        Assert.Equal((OutboxStatus.Sent, 2), (row.Status, row.Attempts));
    }

    [Fact]
    public async Task Daily_digest_groups_by_kind_in_the_recipients_language()
    {
        using var smtp = new SmtpTestServer();
        await using var site = new TestSite(smtp.Port);
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");
        site.People.Add("u2", "Mary Wong", "mary@example.org", "en");
        await site.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<NotificationCenter>().SavePreferencesAsync("u1",
                new Dictionary<string, DeliveryPreference> { [ForumKinds.Reply] = DeliveryPreference.DailyDigest }, CancellationToken.None);
            return 0;
        });

        for (var i = 0; i < 3; i++)
        {
            await site.PublishAsync(new NotificationRequest(ForumKinds.Reply, "u1", new Dictionary<string, string> { ["author"] = "作者" + i, ["topic"] = "話題" }, "reply" + i) { Url = "/community/t/" + i });
        }

        await site.PublishAsync(new NotificationRequest(ForumKinds.Mention, "u1", new Dictionary<string, string> { ["author"] = "李小明" }, "mention-zh"));
        await site.PublishAsync(new NotificationRequest(ForumKinds.Mention, "u2", new Dictionary<string, string> { ["author"] = "Lee" }, "mention-en"));

        Assert.Equal(0, await site.RunDigestsAsync()); // 10:00 HKT: not due until tomorrow 08:00
        Assert.Equal(0, await site.ProcessOutboxAsync());

        site.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero)); // Wed 08:00 HKT
        Assert.Equal(2, await site.RunDigestsAsync());
        Assert.Equal(0, await site.RunDigestsAsync()); // already queued
        Assert.Equal(2, await site.ProcessOutboxAsync());

        var messages = smtp.Messages();
        var zh = messages.Single(m => ((MailboxAddress)m.To[0]).Address == "chan@example.org");
        var en = messages.Single(m => ((MailboxAddress)m.To[0]).Address == "mary@example.org");
        Assert.Equal("你的每日通知摘要（4 則）", zh.Subject);
        Assert.Equal("Your daily summary (1 notification)", en.Subject);
        Assert.Contains("<h2 style=\"font-size:20px\">帖子的新回覆</h2>", zh.HtmlBody, StringComparison.Ordinal); // the kind's own name, not its subject
        Assert.Contains("<h2 style=\"font-size:20px\">… 在帖子中提及你</h2>", zh.HtmlBody, StringComparison.Ordinal); // a kind without a name: its subject
        Assert.DoesNotContain("回覆了你的帖子「…」", zh.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://portal.test/community/t/2\">作者2 回覆了你的帖子「話題」</a>", zh.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("- 李小明 在帖子中提及你", zh.TextBody, StringComparison.Ordinal);
        Assert.Contains("Lee mentioned you", en.TextBody, StringComparison.Ordinal);
        Assert.NotNull(zh.Headers[HeaderId.ListUnsubscribe]);
        Assert.Contains("取消訂閱這類電郵", zh.HtmlBody, StringComparison.Ordinal); // footer in the recipient's language
        Assert.Contains("Unsubscribe from these emails", en.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task English_digest_subject_counts_in_the_plural_from_two()
    {
        using var smtp = new SmtpTestServer();
        await using var site = new TestSite(smtp.Port);
        site.People.Add("u2", "Mary Wong", "mary@example.org", "en");
        await site.PublishAsync(new NotificationRequest(ForumKinds.Mention, "u2", new Dictionary<string, string> { ["author"] = "Lee" }, "mention-1"));
        await site.PublishAsync(new NotificationRequest(ForumKinds.Mention, "u2", new Dictionary<string, string> { ["author"] = "Chan" }, "mention-2"));

        site.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero)); // Wed 08:00 HKT
        Assert.Equal(1, await site.RunDigestsAsync());
        Assert.Equal(1, await site.ProcessOutboxAsync());

        var en = Assert.Single(smtp.Messages());
        Assert.Equal("Your daily summary (2 notifications)", en.Subject);
    }

    private static async Task<OutboxMessage> SentRowAsync(TestSite site)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            await using var db = site.Db();
            var row = await db.OutboxMessages.AsNoTracking().SingleAsync();
            if (row.Status == OutboxStatus.Sent || DateTime.UtcNow > deadline)
            {
                return row;
            }

            await Task.Delay(50);
        }
    }
}
