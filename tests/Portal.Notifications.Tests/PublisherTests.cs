using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Notifications.Models;
using Portal.Notifications.Services;

namespace Portal.Notifications.Tests;

public sealed class PublisherTests
{
    private static NotificationRequest Reply(string userId, string key) =>
        new(ForumKinds.Reply, userId, new Dictionary<string, string> { ["author"] = "李小明", ["topic"] = "照顧者的休息", ["excerpt"] = "多謝分享", ["link"] = "https://portal.test/community/1" }, key)
        {
            Url = "/community/1",
        };

    [Fact]
    public async Task Same_idempotency_key_is_published_once()
    {
        await using var site = new TestSite();
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");

        await site.PublishAsync(Reply("u1", "forum.reply:42:u1"));
        await site.PublishAsync(Reply("u1", "forum.reply:42:u1"));
        await site.PublishAsync(Reply("u1", "forum.reply:43:u1"));

        await using var db = site.Db();
        Assert.Equal(2, await db.OutboxMessages.CountAsync());
        Assert.Equal(2, await db.InAppNotifications.CountAsync());
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.IdempotencyKey == "forum.reply:42:u1"));
    }

    [Fact]
    public async Task Publishing_wakes_the_outbox_task_at_once()
    {
        await using var site = new TestSite();
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");

        await site.PublishAsync(Reply("u1", "forum.reply:44:u1"));

        Assert.Equal([NotificationTasks.Outbox], site.Trigger.Triggered);
    }

    [Fact]
    public async Task Outbox_row_commits_or_rolls_back_with_the_callers_transaction()
    {
        await using var site = new TestSite();
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");
        await using var connection = new SqliteConnection(site.ConnectionString);
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE caller_posts (id INTEGER PRIMARY KEY, body TEXT)";
            await create.ExecuteNonQueryAsync();
        }

        async Task ChangeAndPublishAsync(string key, bool commit)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var insert = connection.CreateCommand())
            {
                insert.Transaction = (SqliteTransaction)transaction;
                insert.CommandText = "INSERT INTO caller_posts (body) VALUES ('reply')";
                await insert.ExecuteNonQueryAsync();
            }

            await site.WithScopeAsync(async sp =>
            {
                await sp.GetRequiredService<INotificationPublisher>().PublishAsync(Reply("u1", key), transaction);
                return 0;
            });
            if (commit)
            {
                await transaction.CommitAsync();
            }
            else
            {
                await transaction.RollbackAsync();
            }
        }

        await ChangeAndPublishAsync("rolled-back", commit: false);
        await ChangeAndPublishAsync("committed", commit: true);

        await using var db = site.Db();
        Assert.Equal(["committed"], await db.OutboxMessages.Select(m => m.IdempotencyKey).ToListAsync());
        Assert.Equal(["committed"], await db.InAppNotifications.Select(m => m.IdempotencyKey).ToListAsync());
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM caller_posts";
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Preferences_decide_the_email_and_essential_kinds_ignore_them()
    {
        await using var site = new TestSite();
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");
        await site.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<NotificationCenter>().SavePreferencesAsync("u1", new Dictionary<string, DeliveryPreference>
            {
                [ForumKinds.Reply] = DeliveryPreference.Off,
                [NotificationsKindProvider.ResetPassword] = DeliveryPreference.Off, // not choosable: ignored
            }, CancellationToken.None);
            return 0;
        });

        await site.PublishAsync(Reply("u1", "r1"));
        await site.PublishAsync(new NotificationRequest(NotificationsKindProvider.ResetPassword, "u1",
            new Dictionary<string, string> { ["link"] = "https://portal.test/account/reset?code=abc" }, "reset-1"));

        await using var db = site.Db();
        var outbox = await db.OutboxMessages.ToListAsync();
        var message = Assert.Single(outbox);
        Assert.Equal(NotificationsKindProvider.ResetPassword, message.Kind);
        Assert.Equal("重設你的密碼", message.Subject);
        Assert.Null(message.UnsubscribeUrl);
        // The reply still shows in the bell; only its e-mail is off.
        var inApp = Assert.Single(await db.InAppNotifications.ToListAsync());
        Assert.Equal("李小明 回覆了你的帖子「照顧者的休息」", inApp.Title);
        Assert.Equal(1, await db.Preferences.CountAsync());
    }

    [Fact]
    public async Task Recipient_language_picks_the_template_and_staff_wording_wins()
    {
        await using var site = new TestSite();
        site.People.Add("en1", "Mary Wong", "mary@example.org", "en-GB");
        site.People.Add("zh1", "陳大文", "chan@example.org", "zh-HK");
        await site.WithScopeAsync(sp => sp.GetRequiredService<NotificationsAdmin>()
            .SaveTemplateAsync(NotificationsKindProvider.ConfirmEmail, "zh-HK", "{{displayName}}，請確認電郵", "請按 [這裏]({{link}})。", "staff", CancellationToken.None));

        var data = new Dictionary<string, string> { ["link"] = "https://portal.test/account/confirm?code=x" };
        await site.PublishAsync(new NotificationRequest(NotificationsKindProvider.ConfirmEmail, "en1", data, "c-en1"));
        await site.PublishAsync(new NotificationRequest(NotificationsKindProvider.ConfirmEmail, "zh1", data, "c-zh1"));

        await using var db = site.Db();
        var en = await db.OutboxMessages.SingleAsync(m => m.IdempotencyKey == "c-en1");
        var zh = await db.OutboxMessages.SingleAsync(m => m.IdempotencyKey == "c-zh1");
        Assert.Equal("Please confirm your email address", en.Subject);
        Assert.Equal("en", en.Culture);
        Assert.Contains("Hello Mary Wong,", en.TextBody, StringComparison.Ordinal);
        Assert.Equal("陳大文，請確認電郵", zh.Subject);
        Assert.Contains("<a href=\"https://portal.test/account/confirm?code=x\">這裏</a>", zh.HtmlBody, StringComparison.Ordinal);
        Assert.Empty(await db.InAppNotifications.ToListAsync());
    }

    [Fact]
    public async Task Links_given_as_site_paths_reach_the_email_as_absolute_addresses()
    {
        await using var site = new TestSite();
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");
        await site.WithScopeAsync(sp => sp.GetRequiredService<NotificationsAdmin>()
            .SaveTemplateAsync(ForumKinds.Reply, "zh-HK", "新回覆", "按這裏：{{url}} 或 {{courseUrl}}；外面的連結 {{otherUrl}}", "staff", CancellationToken.None));

        await site.PublishAsync(new NotificationRequest(ForumKinds.Reply, "u1", new Dictionary<string, string>
        {
            ["courseUrl"] = "/academy/courses/leading-a-group",
            ["otherUrl"] = "https://example.org/x",
        }, "links-1") { Url = "/community/7" });

        await using var db = site.Db();
        var mail = await db.OutboxMessages.SingleAsync(m => m.IdempotencyKey == "links-1");
        Assert.Contains("https://portal.test/community/7", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://portal.test/academy/courses/leading-a-group", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://example.org/x", mail.TextBody, StringComparison.Ordinal);
        // The bell keeps the site path.
        Assert.Equal("/community/7", (await db.InAppNotifications.SingleAsync()).Url);
    }

    [Fact]
    public async Task Non_essential_mail_needs_a_confirmed_address()
    {
        await using var site = new TestSite();
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK", confirmed: false);

        await site.PublishAsync(Reply("u1", "r1"));
        await site.PublishAsync(new NotificationRequest(NotificationsKindProvider.ConfirmEmail, "u1",
            new Dictionary<string, string> { ["link"] = "https://portal.test/confirm" }, "confirm-1"));

        await using var db = site.Db();
        Assert.Equal([NotificationsKindProvider.ConfirmEmail], await db.OutboxMessages.Select(m => m.Kind).ToListAsync());
        Assert.Equal(1, await db.InAppNotifications.CountAsync());
    }

    [Fact]
    public async Task Unknown_kind_is_refused()
    {
        await using var site = new TestSite();
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");

        await Assert.ThrowsAsync<ArgumentException>(() =>
            site.PublishAsync(new NotificationRequest("no.such-kind", "u1", new Dictionary<string, string>(), "k")));
    }

    [Fact]
    public async Task Bell_counts_unread_and_people_only_reach_their_own()
    {
        await using var site = new TestSite();
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");
        site.People.Add("u2", "李小明", "lee@example.org", "zh-HK");
        await site.PublishAsync(Reply("u1", "a"));
        await site.PublishAsync(Reply("u1", "b"));
        await site.PublishAsync(Reply("u2", "c"));

        await site.WithScopeAsync(async sp =>
        {
            var center = sp.GetRequiredService<NotificationCenter>();
            Assert.Equal(2, await center.UnreadCountAsync("u1", CancellationToken.None));
            var othersId = (await center.ListAsync("u2", 1, CancellationToken.None))[0].Id;
            Assert.False((await center.MarkReadAsync("u1", othersId, CancellationToken.None)).Found);
            var mine = await center.ListAsync("u1", 1, CancellationToken.None);
            var (found, url) = await center.MarkReadAsync("u1", mine[0].Id, CancellationToken.None);
            Assert.True(found);
            Assert.Equal("/community/1", url);
            Assert.Equal(1, await center.UnreadCountAsync("u1", CancellationToken.None));
            Assert.Equal(1, await center.MarkAllReadAsync("u1", CancellationToken.None));
            Assert.Equal(0, await center.UnreadCountAsync("u1", CancellationToken.None));
            Assert.Equal(1, await center.UnreadCountAsync("u2", CancellationToken.None));
            return 0;
        });
    }

    [Fact]
    public async Task The_list_pages_through_a_persons_own_notifications_newest_first()
    {
        await using var site = new TestSite();
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");
        site.People.Add("u2", "李小明", "lee@example.org", "zh-HK");
        var count = NotificationCenter.PageSize + 5;
        for (var i = 0; i < count; i++)
        {
            site.Clock.Advance(TimeSpan.FromMinutes(1));
            await site.PublishAsync(Reply("u1", "n" + i));
            await site.PublishAsync(Reply("u2", "other" + i));
        }

        await site.WithScopeAsync(async sp =>
        {
            var center = sp.GetRequiredService<NotificationCenter>();
            var first = await center.ListAsync("u1", 1, CancellationToken.None);
            var second = await center.ListAsync("u1", 2, CancellationToken.None);
            Assert.Equal(NotificationCenter.PageSize, first.Count);
            Assert.Equal(5, second.Count);
            var all = first.Concat(second).ToList();
            Assert.Equal(count, all.Select(n => n.Id).Distinct().Count());
            Assert.Equal([.. all.Select(n => n.CreatedUtc).OrderByDescending(t => t)], all.Select(n => n.CreatedUtc));
            Assert.Equal(TestSite.Start.AddMinutes(count), first[0].CreatedUtc);
            Assert.Empty(await center.ListAsync("u1", 3, CancellationToken.None));

            // The same pages again (the query is compiled once and reused with other values).
            Assert.Equal(first.Select(n => n.Id), (await center.ListAsync("u1", 1, CancellationToken.None)).Select(n => n.Id));
            Assert.Equal(NotificationCenter.PageSize, (await center.ListAsync("u2", 1, CancellationToken.None)).Count);
            return 0;
        });
    }
}

public sealed class RetentionTests
{
    [Fact]
    public async Task Old_sent_mail_and_read_notifications_are_deleted_unread_and_queued_stay()
    {
        await using var site = new TestSite();
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");
        foreach (var key in new[] { "a", "b" })
        {
            await site.PublishAsync(new NotificationRequest(ForumKinds.Reply, "u1", new Dictionary<string, string> { ["author"] = "A", ["topic"] = "T" }, key));
        }

        await using (var db = site.Db())
        {
            var sent = await db.OutboxMessages.SingleAsync(m => m.IdempotencyKey == "a");
            sent.MarkSent("x@portal.test", TestSite.Start);
            (await db.InAppNotifications.SingleAsync(n => n.IdempotencyKey == "a")).MarkRead(TestSite.Start);
            await db.SaveChangesAsync();
        }

        site.Clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(0, await site.WithScopeAsync(sp => sp.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None)));

        site.Clock.Advance(TimeSpan.FromDays(200));
        Assert.Equal(2, await site.WithScopeAsync(sp => sp.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None)));

        await using var after = site.Db();
        Assert.Equal(["b"], await after.OutboxMessages.Select(m => m.IdempotencyKey).ToListAsync()); // still queued
        Assert.Equal(["b"], await after.InAppNotifications.Select(n => n.IdempotencyKey).ToListAsync()); // unread
    }
}
