using Microsoft.EntityFrameworkCore;
using Portal.Forum.Data;
using Portal.Forum.Models;
using Portal.Forum.Services;

namespace Portal.Forum.Tests;

/// <summary>Contact requests ("members like me": a few a day, one per person every 30 days, accepting with a reply)
/// and bookmarks (add, list, remove; only threads the person may read).</summary>
public sealed class ContactAndBookmarkTests
{
    private static async Task<string> FindableAsync(ForumSite site, string userId)
    {
        await using var scope = site.Scope();
        var db = site.Get<ForumDbContext>(scope);
        var profile = await db.Profiles.Include(p => p.Conditions).SingleAsync(p => p.UserId == userId);
        profile.Update([("chronic-pain", 2019)], FieldVisibility.AllMembers, "60-74", FieldVisibility.AllMembers, null, FieldVisibility.OnlyMe, null, FieldVisibility.OnlyMe,
            findable: true, ErasureChoice.RemovePosts, 2026);
        await db.SaveChangesAsync();
        return profile.PublicId;
    }

    private static async Task SendAsync(ForumSite site, ForumViewer from, string publicId, string message = "I have had back pain for years too. Would you like to talk?")
    {
        await using var scope = site.Scope();
        await site.Get<PeopleService>(scope).SendContactAsync(from, publicId, message, default);
    }

    [Fact]
    public async Task A_member_sends_a_few_requests_a_day_and_asks_the_same_person_once_in_30_days()
    {
        await using var site = new ForumSite(new Dictionary<string, string?> { ["Portal:Forum:ContactRequestsPerDay"] = "3" });
        var sender = await site.MemberAsync("sender", site.Pain);
        var others = new List<string>();
        foreach (var name in new[] { "b", "c", "d", "e" })
        {
            await site.MemberAsync(name, site.Pain);
            others.Add(await FindableAsync(site, name));
        }

        // The same person twice: refused, within 30 days (also after 29), allowed again after 30.
        await SendAsync(site, sender, others[0]);
        var twice = await Assert.ThrowsAsync<ForumRuleException>(() => SendAsync(site, sender, others[0]));
        Assert.Equal("You have already asked this member recently. Give them time: they may answer later, or prefer not to.", twice.Message);
        site.Clock.SetUtcNow(ForumSite.Start.AddDays(29));
        await Assert.ThrowsAsync<ForumRuleException>(() => SendAsync(site, sender, others[0]));

        // The daily limit: three in a day, the fourth is refused until a day has passed.
        site.Clock.SetUtcNow(ForumSite.Start.AddDays(31));
        await SendAsync(site, sender, others[0]);
        await SendAsync(site, sender, others[1]);
        await SendAsync(site, sender, others[2]);
        var fourth = await Assert.ThrowsAsync<ForumRuleException>(() => SendAsync(site, sender, others[3]));
        Assert.Equal("You have sent as many requests as you can today. Please try again tomorrow.", fourth.Message);
        site.Clock.SetUtcNow(ForumSite.Start.AddDays(32).AddMinutes(1));
        await SendAsync(site, sender, others[3]);

        await using var scope = site.Scope();
        var db = site.Get<ForumDbContext>(scope);
        Assert.Equal(5, await db.ContactRequests.CountAsync(r => r.FromUserId == "sender"));
        Assert.Equal(5, site.Notifications.Published.Count(n => n.Request.Kind == ForumNotifications.ContactRequest && n.InTransaction));
    }

    [Fact]
    public async Task Only_findable_members_can_be_asked_and_nobody_asks_themselves()
    {
        await using var site = new ForumSite();
        var sender = await site.MemberAsync("sender", site.Pain);
        await site.MemberAsync("hidden", site.Pain);
        string hiddenId;
        await using (var scope = site.Scope())
        {
            hiddenId = (await site.Get<ForumDbContext>(scope).Profiles.SingleAsync(p => p.UserId == "hidden")).PublicId;
        }

        await Assert.ThrowsAsync<ForumNotFoundException>(() => SendAsync(site, sender, hiddenId));
        var mine = await FindableAsync(site, "sender");
        await Assert.ThrowsAsync<ForumRuleException>(() => SendAsync(site, sender, mine));
    }

    [Fact]
    public async Task Accepting_a_request_sends_the_reply_and_tells_the_sender_and_ignoring_tells_nobody()
    {
        await using var site = new ForumSite();
        var sender = await site.MemberAsync("sender", site.Pain);
        var receiver = await site.MemberAsync("receiver", site.Pain);
        var quiet = await site.MemberAsync("quiet", site.Pain);
        await SendAsync(site, sender, await FindableAsync(site, "receiver"));
        await SendAsync(site, sender, await FindableAsync(site, "quiet"));

        await using (var scope = site.Scope())
        {
            var people = site.Get<PeopleService>(scope);
            var (received, _) = await people.ContactsAsync(receiver, default);
            var (request, name) = Assert.Single(received);
            Assert.Equal("Name sender", name);
            Assert.Equal(ContactStatus.Pending, request.Status);

            // Someone else cannot answer it; the receiver accepts with a reply saying how to reach them.
            await Assert.ThrowsAsync<ForumNotFoundException>(() => people.AnswerContactAsync(quiet, request.Id, true, "no", default));
            await people.AnswerContactAsync(receiver, request.Id, true, "Message me on the forum any evening.", default);
            var again = await Assert.ThrowsAsync<ForumRuleException>(() => people.AnswerContactAsync(receiver, request.Id, false, null, default));
            Assert.Equal("This request has already been answered.", again.Message);

            var quietRequest = Assert.Single((await people.ContactsAsync(quiet, default)).Received).Request;
            await people.AnswerContactAsync(quiet, quietRequest.Id, false, null, default);
        }

        await using (var scope = site.Scope())
        {
            var people = site.Get<PeopleService>(scope);
            var (_, sent) = await people.ContactsAsync(sender, default);
            var accepted = Assert.Single(sent, s => s.Name == "Name receiver").Request;
            Assert.Equal(ContactStatus.Accepted, accepted.Status);
            Assert.Equal("Message me on the forum any evening.", accepted.Reply);
            Assert.Empty((await people.ContactsAsync(quiet, default)).Received); // an ignored request leaves the list
        }

        var told = Assert.Single(site.Notifications.Published, n => n.Request.Kind == ForumNotifications.ContactAccepted);
        Assert.Equal("sender", told.Request.RecipientUserId);
        Assert.Equal("Name receiver", told.Request.Data["author"]);
        Assert.DoesNotContain("Message me", string.Join(' ', told.Request.Data.Values), StringComparison.Ordinal); // the reply stays on the page
    }

    [Fact]
    public async Task Bookmarks_are_added_listed_and_removed_and_only_for_readable_threads()
    {
        await using var site = new ForumSite();
        var alice = await site.MemberAsync("alice", site.Pain);
        var carer = await site.MemberAsync("carer", site.Carers);
        var first = await site.StartAsync(alice, site.Pain, "Heat or ice?");
        var second = await site.StartAsync(alice, site.Pain, "Sleeping with pain");
        var carersOnly = await site.StartAsync(carer, site.Carers, "Respite in Sha Tin");

        await using var scope = site.Scope();
        var forum = site.Get<ForumService>(scope);
        Assert.True(await forum.ToggleBookmarkAsync(alice, first.Id, default));
        Assert.True(await forum.ToggleBookmarkAsync(alice, second.Id, default));
        Assert.Equal(["Heat or ice?", "Sleeping with pain"], (await forum.BookmarksAsync(alice, default)).Select(t => t.Title).Order());

        // Pressing again removes it.
        Assert.False(await forum.ToggleBookmarkAsync(alice, first.Id, default));
        Assert.Equal(["Sleeping with pain"], (await forum.BookmarksAsync(alice, default)).Select(t => t.Title));

        // A thread of a community the person is not in cannot be bookmarked (it does not exist for them).
        await Assert.ThrowsAsync<ForumNotFoundException>(() => forum.ToggleBookmarkAsync(alice, carersOnly.Id, default));
        Assert.Equal(1, await site.Get<ForumDbContext>(scope).Bookmarks.CountAsync(b => b.UserId == "alice"));
    }
}
