using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Notifications.Services;

namespace Portal.Notifications.Tests;

/// <summary>The bell's count is cached per person (<see cref="UnreadCount"/>) and is right on the next page after
/// anything that changes it.</summary>
public sealed class UnreadCountCacheTests
{
    private static NotificationRequest Reply(string userId, string key) =>
        new(ForumKinds.Reply, userId, new Dictionary<string, string> { ["author"] = "李小明", ["topic"] = "照顧者的休息", ["excerpt"] = "多謝分享", ["link"] = "https://portal.test/community/1" }, key)
        {
            Url = "/community/1",
        };

    private static Task<int> UnreadAsync(TestSite site, string userId) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<NotificationCenter>().UnreadCountAsync(userId, CancellationToken.None));

    private static async Task<string> FirstIdAsync(TestSite site, string userId)
    {
        await using var db = site.Db();
        return await db.InAppNotifications.Where(n => n.UserId == userId).Select(n => n.Id).FirstAsync();
    }

    [Fact]
    public async Task The_count_is_read_once_and_then_served_from_the_cache()
    {
        await using var site = new TestSite();
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");
        await site.PublishAsync(Reply("u1", "forum.reply:1:u1"));
        Assert.Equal(1, await UnreadAsync(site, "u1"));

        // Written behind the cache's back (no publisher, no signal): the cached count stands until told.
        await using (var db = site.Db())
        {
            await db.InAppNotifications.ExecuteDeleteAsync();
        }

        Assert.Equal(1, await UnreadAsync(site, "u1"));

        // Another node's change arrives as the cluster signal: every count is dropped.
        await site.Signal.PublishAsync(UnreadCount.Channel);
        Assert.Equal(0, await UnreadAsync(site, "u1"));
    }

    [Fact]
    public async Task A_new_notification_shows_on_the_next_page()
    {
        await using var site = new TestSite();
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");
        Assert.Equal(0, await UnreadAsync(site, "u1"));

        await site.PublishAsync(Reply("u1", "forum.reply:2:u1"));
        Assert.Equal(1, await UnreadAsync(site, "u1"));
        await site.PublishAsync(Reply("u1", "forum.reply:3:u1"));
        Assert.Equal(2, await UnreadAsync(site, "u1"));
    }

    [Fact]
    public async Task Reading_one_or_all_is_right_on_the_next_page_and_told_to_every_node()
    {
        await using var site = new TestSite();
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");
        site.People.Add("u2", "李小明", "lee@example.org", "zh-HK");
        await site.PublishAsync(Reply("u1", "forum.reply:4:u1"));
        await site.PublishAsync(Reply("u1", "forum.reply:5:u1"));
        await site.PublishAsync(Reply("u2", "forum.reply:4:u2"));
        Assert.Equal(2, await UnreadAsync(site, "u1"));
        Assert.Equal(1, await UnreadAsync(site, "u2"));

        var id = await FirstIdAsync(site, "u1");
        var (found, _) = await site.WithScopeAsync(sp => sp.GetRequiredService<NotificationCenter>().MarkReadAsync("u1", id, CancellationToken.None));
        Assert.True(found);
        Assert.Equal(1, await UnreadAsync(site, "u1"));
        Assert.Contains(UnreadCount.Channel, site.Signal.Published);

        await site.WithScopeAsync(sp => sp.GetRequiredService<NotificationCenter>().MarkAllReadAsync("u1", CancellationToken.None));
        Assert.Equal(0, await UnreadAsync(site, "u1"));
        Assert.Equal(1, await UnreadAsync(site, "u2"));
    }

    [Fact]
    public async Task Someone_elses_notification_id_changes_nothing()
    {
        await using var site = new TestSite();
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");
        site.People.Add("u2", "李小明", "lee@example.org", "zh-HK");
        await site.PublishAsync(Reply("u2", "forum.reply:6:u2"));
        Assert.Equal(1, await UnreadAsync(site, "u2"));

        var id = await FirstIdAsync(site, "u2");
        var (found, _) = await site.WithScopeAsync(sp => sp.GetRequiredService<NotificationCenter>().MarkReadAsync("u1", id, CancellationToken.None));
        Assert.False(found);
        Assert.Equal(1, await UnreadAsync(site, "u2"));
    }
}
