using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Notifications.Services;
using Portal.Privacy;

namespace Portal.Notifications.Tests;

public sealed class NotificationsPersonalDataTests
{
    private static NotificationRequest Reply(string userId, string key) =>
        new(ForumKinds.Reply, userId, new Dictionary<string, string> { ["author"] = "李小明", ["topic"] = "照顧者的休息", ["excerpt"] = "多謝分享", ["link"] = "https://portal.test/community/1" }, key)
        {
            Url = "/community/1",
        };

    private static async Task<TestSite> SiteWithTwoPeopleAsync()
    {
        var site = new TestSite();
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");
        site.People.Add("u2", "Wong", "wong@example.org", "en");
        await site.PublishAsync(Reply("u1", "forum.reply:1:u1"));
        await site.PublishAsync(Reply("u2", "forum.reply:1:u2"));
        await site.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<NotificationCenter>().SavePreferencesAsync("u1", new Dictionary<string, DeliveryPreference> { [ForumKinds.Reply] = DeliveryPreference.DailyDigest }, CancellationToken.None);
            return 0;
        });
        await site.PublishAsync(Reply("u1", "forum.reply:2:u1")); // waits for the digest
        return site;
    }

    private static Task<T> WithProviderAsync<T>(TestSite site, Func<IPersonalDataProvider, Task<T>> action) =>
        site.WithScopeAsync(sp => action(sp.GetServices<IPersonalDataProvider>().Single(p => p.Section == "notifications")));

    [Fact]
    public async Task Export_has_the_inbox_preferences_digest_and_emails_but_no_email_bodies()
    {
        await using var site = await SiteWithTwoPeopleAsync();
        var section = await WithProviderAsync(site, p => p.ExportAsync("u1"));
        var tables = section.Tables.ToDictionary(t => t.Name);
        Assert.Equal(2, tables["inApp"].Rows.Count);
        Assert.Equal("DailyDigest", tables["preferences"].Rows.Single().Fields.Single(f => f.Name == "delivery").Value);
        Assert.Single(tables["digestItems"].Rows);
        var email = tables["emails"].Rows.Single();
        Assert.Equal("chan@example.org", email.Fields.Single(f => f.Name == "to").Value);
        Assert.DoesNotContain(email.Fields, f => f.Name.Contains("body", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(section.Tables.SelectMany(t => t.Rows).SelectMany(r => r.Fields), f => f.Value == "wong@example.org");
    }

    [Fact]
    public async Task Erasure_removes_everything_of_the_person_including_unsent_mail_once_and_leaves_others()
    {
        await using var site = await SiteWithTwoPeopleAsync();
        var first = await WithProviderAsync(site, p => p.EraseAsync("u1"));
        Assert.Equal(2 + 1 + 1 + 1, first.Deleted); // two in-app, one preference, one digest entry, one queued e-mail
        Assert.Equal(PersonalDataErasure.None, await WithProviderAsync(site, p => p.EraseAsync("u1")));
        Assert.Equal(0, (await WithProviderAsync(site, p => p.ExportAsync("u1"))).RowCount);

        await using var db = site.Db();
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.RecipientUserId == "u1"));
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.RecipientUserId == "u2"));
        Assert.Equal(1, await db.InAppNotifications.CountAsync(n => n.UserId == "u2"));
    }

    [Fact]
    public async Task Templates_a_person_saved_are_exported_and_keep_their_wording_without_the_person()
    {
        await using var site = await SiteWithTwoPeopleAsync();
        await site.WithScopeAsync(async sp =>
        {
            var admin = sp.GetRequiredService<NotificationsAdmin>();
            Assert.True(await admin.SaveTemplateAsync(ForumKinds.Reply, "zh-HK", "新回覆", "{{author}} 回覆了你。", "u1", CancellationToken.None));
            Assert.True(await admin.SaveTemplateAsync(ForumKinds.Reply, "en", "New reply", "{{author}} replied.", "u2", CancellationToken.None));
            return 0;
        });

        var export = await WithProviderAsync(site, p => p.ExportAsync("u1"));
        var template = Assert.Single(export.Tables.Single(t => t.Name == "templates").Rows);
        Assert.Equal("zh-HK", template.Fields.Single(f => f.Name == "language").Value);

        var erased = await WithProviderAsync(site, p => p.EraseAsync("u1"));
        Assert.Equal(1, erased.Anonymised);
        await using var db = site.Db();
        var rows = await db.Templates.AsNoTracking().OrderBy(x => x.Culture).ToListAsync();
        Assert.Equal(["u2", ""], rows.Select(x => x.UpdatedBy));
        Assert.Equal("新回覆", rows.Single(x => x.Culture == "zh-HK").Subject);
    }
}
