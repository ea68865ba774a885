using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Forum.Data;
using Portal.Forum.Models;
using Portal.Forum.Services;
using Portal.Metrics;
using Portal.Privacy;

namespace Portal.Forum.Tests;

public sealed class ServiceTests
{
    [Fact]
    public async Task The_communities_are_read_once_and_again_when_one_is_added_or_after_five_minutes()
    {
        await using var site = new ForumSite();
        await using (var scope = site.Scope())
        {
            Assert.Equal(["pain", "carers"], (await site.Get<ForumService>(scope).CommunitiesAsync(default)).Select(c => c.Slug));
        }

        await using (var scope = site.Scope())
        {
            // Read from the list kept: a change written behind the forum's back is not seen yet.
            await site.Get<ForumDbContext>(scope).Communities.Where(c => c.Slug == "pain").ExecuteUpdateAsync(u => u.SetProperty(c => c.SortOrder, 9));
            Assert.Equal(["pain", "carers"], (await site.Get<ForumService>(scope).CommunitiesAsync(default)).Select(c => c.Slug));
        }

        await using (var scope = site.Scope())
        {
            await site.Get<ForumService>(scope).AddCommunityAsync("stroke", "stroke", "中風", "Stroke", "", "", "守則", "Guidelines", default);
        }

        await using (var scope = site.Scope())
        {
            Assert.Equal(["carers", "stroke", "pain"], (await site.Get<ForumService>(scope).CommunitiesAsync(default)).Select(c => c.Slug));
            await site.Get<ForumDbContext>(scope).Communities.Where(c => c.Slug == "pain").ExecuteUpdateAsync(u => u.SetProperty(c => c.SortOrder, 0));
        }

        site.Clock.Advance(CommunityList.Lifetime);
        await using (var scope = site.Scope())
        {
            Assert.Equal(["pain", "carers", "stroke"], (await site.Get<ForumService>(scope).CommunitiesAsync(default)).Select(c => c.Slug));
        }
    }

    [Fact]
    public async Task A_double_submit_with_the_same_key_makes_one_thread_and_one_reply()
    {
        await using var site = new ForumSite();
        var author = await site.MemberAsync("alice", site.Pain);
        var first = await site.StartAsync(author, site.Pain, key: "form-key-1");
        var again = await site.StartAsync(author, site.Pain, key: "form-key-1");
        Assert.Equal(first.Id, again.Id);
        var reply = await site.ReplyAsync(author, first.Id, key: "form-key-2");
        var replyAgain = await site.ReplyAsync(author, first.Id, key: "form-key-2");
        Assert.Equal(reply.Id, replyAgain.Id);
        await using var scope = site.Scope();
        var db = site.Get<ForumDbContext>(scope);
        Assert.Equal(1, await db.Topics.CountAsync());
        Assert.Equal(2, await db.Posts.CountAsync());
        Assert.Equal(1, (await db.Topics.SingleAsync()).ReplyCount);
    }

    [Fact]
    public async Task Followers_and_mentions_are_told_only_when_they_may_read_the_post()
    {
        await using var site = new ForumSite();
        var author = await site.MemberAsync("alice", site.Pain);
        var follower = await site.MemberAsync("bob", site.Pain);
        var leaver = await site.MemberAsync("dan", site.Pain);
        var outsider = await site.MemberAsync("carol", site.Carers);
        var topic = await site.StartAsync(author, site.Pain);
        await using (var scope = site.Scope())
        {
            var forum = site.Get<ForumService>(scope);
            await forum.ToggleFollowAsync(follower, topic.Id, default);
            await forum.ToggleFollowAsync(leaver, topic.Id, default);
            await forum.LeaveAsync(leaver, site.Pain, default);
        }

        await site.ReplyAsync(await site.ViewerAsync("alice"), topic.Id, "Thanks @Namebob and @Namecarol for the tips");
        var recipients = site.Notifications.Published.Select(n => (n.Request.Kind, n.Request.RecipientUserId)).ToList();
        Assert.Contains((ForumNotifications.Mention, "bob"), recipients);
        Assert.DoesNotContain(recipients, r => r.RecipientUserId == "carol"); // mentioned, but not a member: not told
        Assert.DoesNotContain(recipients, r => r.RecipientUserId == "dan");   // followed, then left the community
        Assert.DoesNotContain(recipients, r => r.RecipientUserId == "alice"); // never told of one's own post
        Assert.Single(site.Notifications.Published, n => n.Request.RecipientUserId == "bob"); // mention and follow: one message
        Assert.All(site.Notifications.Published, n => Assert.DoesNotContain("tips", string.Join(" ", n.Request.Data.Values), StringComparison.Ordinal));
        _ = outsider;
    }

    [Fact]
    public async Task Editing_keeps_the_earlier_text_in_the_history_and_only_the_author_may_edit()
    {
        await using var site = new ForumSite();
        var author = await site.MemberAsync("alice", site.Pain);
        var other = await site.MemberAsync("bob", site.Pain);
        var topic = await site.StartAsync(author, site.Pain, "First title", "First text");
        await using var scope = site.Scope();
        var forum = site.Get<ForumService>(scope);
        var opening = await site.Get<ForumDbContext>(scope).Posts.AsNoTracking().SingleAsync();
        await Assert.ThrowsAsync<ForumNotFoundException>(() => forum.EditAsync(other, opening.Id, "Hijacked", null, null, null, null, default));
        await forum.EditAsync(author, opening.Id, "Second text", "Second title", null, null, null, default);
        var history = (await forum.HistoryAsync(other, opening.Id, default))!.Value;
        Assert.Equal("Second text", history.Post.Markdown);
        Assert.Equal("First text", Assert.Single(history.Revisions).Markdown);
        Assert.Equal("Second title", history.Topic.Title);
    }

    [Fact]
    public async Task Erasure_removes_or_anonymises_posts_by_the_members_choice_and_others_replies_stay()
    {
        await using var site = new ForumSite();
        var remover = await site.MemberAsync("alice", site.Pain);
        var keeper = await site.MemberAsync("bob", site.Pain);
        await using (var scope = site.Scope())
        {
            await site.Get<PeopleService>(scope).SaveProfileAsync(keeper, new ProfileInput("Keeper", [], FieldVisibility.OnlyMe, null, FieldVisibility.OnlyMe, null, FieldVisibility.OnlyMe,
                null, FieldVisibility.OnlyMe, false, ErasureChoice.KeepAnonymised), default);
        }

        var topic = await site.StartAsync(remover, site.Pain, "Alice's secret title", "Alice's private story");
        var keeperReply = await site.ReplyAsync(keeper, topic.Id, "Bob's helpful reply");
        await using (var scope = site.Scope())
        {
            await site.Get<ForumService>(scope).ReactAsync(remover, keeperReply.Id, ReactionKind.Hug, default);
            var erasure = scope.ServiceProvider.GetServices<IPersonalDataProvider>().Single();
            var export = await erasure.ExportAsync("alice");
            Assert.Contains(export.Tables, t => t.Name == "posts" && t.Rows.Any(r => r.Fields.Any(f => f.Value == "Alice's private story")));
            Assert.DoesNotContain(export.Tables.SelectMany(t => t.Rows).SelectMany(r => r.Fields), f => f.Value == "Bob's helpful reply");
            var result = await erasure.EraseAsync("alice");
            Assert.True(result.Deleted > 0);
            await erasure.EraseAsync("bob");
            Assert.Equal(PersonalDataErasure.None.Deleted, (await erasure.EraseAsync("alice")).Deleted); // a second call finds nothing
        }

        await using var read = site.Scope();
        var db = site.Get<ForumDbContext>(read);
        Assert.False(await db.Posts.AnyAsync(p => p.AuthorUserId == "alice" || p.AuthorUserId == "bob"));
        Assert.False(await db.Profiles.AnyAsync());
        Assert.False(await db.Reactions.AnyAsync());
        var posts = await db.Posts.OrderBy(p => p.Number).ToListAsync();
        Assert.Equal("", posts[0].Markdown);
        Assert.Equal(PostStatus.Removed, posts[0].Status);
        Assert.Equal("Bob's helpful reply", posts[1].Markdown); // kept, anonymised
        Assert.True(posts[1].AuthorErased);
        Assert.Equal("", (await db.Topics.SingleAsync()).Title);

        var reader = await site.MemberAsync("carol", site.Pain);
        var thread = (await site.Get<ForumService>(read).ThreadAsync(topic.Id, reader, 1, default))!;
        Assert.Equal(2, thread.Posts.Count);
        Assert.True(thread.Posts[1].Author.Erased);
        Assert.Contains(site.Indexing.Enqueued, c => c.Change.ItemId == posts[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Metrics_count_in_the_period_with_breakdowns_and_never_carry_text()
    {
        await using var site = new ForumSite();
        var shares = await site.MemberAsync("alice", site.Pain);
        var keeps = await site.MemberAsync("bob", site.Pain);
        await using (var scope = site.Scope())
        {
            var people = site.Get<PeopleService>(scope);
            await people.SaveProfileAsync(shares, new ProfileInput("Alice", [("chronic-pain", 2010)], FieldVisibility.MyCommunities, "60-74", FieldVisibility.AllMembers,
                "kwun-tong", FieldVisibility.MyCommunities, null, FieldVisibility.OnlyMe, true, ErasureChoice.RemovePosts), default);
            await people.SaveProfileAsync(keeps, new ProfileInput("Bob", [("chronic-pain", 2010)], FieldVisibility.OnlyMe, "60-74", FieldVisibility.OnlyMe,
                "kwun-tong", FieldVisibility.OnlyMe, null, FieldVisibility.OnlyMe, true, ErasureChoice.RemovePosts), default);
        }

        var topic = await site.StartAsync(shares, site.Pain, "Secret title words", "Secret body words");
        await site.ReplyAsync(keeps, topic.Id, "Another secret");
        await using var read = site.Scope();
        var metrics = await site.Get<IEnumerable<IMetricsSource>>(read).Single().GetMetricsAsync(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));
        Assert.Equal(2, metrics.Single(m => m.Key == "forum.posts").Value);
        var active = metrics.Single(m => m.Key == "forum.active-members");
        Assert.Equal(2, active.Value);
        var age = active.Breakdowns.Single(b => b.Dimension == "age-band");
        Assert.Equal(1, age.Parts.Single(p => p.Key == "60-74").Value);
        Assert.Equal(1, age.Parts.Single(p => p.Key == "not-shared").Value); // "only me" is never counted
        Assert.Contains(active.Breakdowns, b => b.Dimension == "district");
        Assert.Contains(active.Breakdowns, b => b.Dimension == "condition");
        var text = string.Join(" ", metrics.SelectMany(m => new[] { m.Label }.Concat(m.Breakdowns.SelectMany(b => b.Parts.Select(p => p.Label + p.Key)))));
        Assert.DoesNotContain("Secret", text, StringComparison.Ordinal);
        var none = await site.Get<IEnumerable<IMetricsSource>>(read).Single().GetMetricsAsync(new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30));
        Assert.Equal(0, none.Single(m => m.Key == "forum.posts").Value);
    }

    [Fact]
    public async Task Metrics_are_grouped_counts_by_month_condition_and_shared_field_in_a_fixed_number_of_queries()
    {
        await using var site = new ForumSite();
        var shares = await site.MemberAsync("alice", site.Pain);
        var keeps = await site.MemberAsync("bob", site.Pain);
        var carer = await site.MemberAsync("carol", site.Carers);
        await using (var scope = site.Scope())
        {
            var people = site.Get<PeopleService>(scope);
            await people.SaveProfileAsync(shares, new ProfileInput("Alice", [("chronic-pain", 2010), ("diabetes", 2015)], FieldVisibility.MyCommunities, "60-74", FieldVisibility.AllMembers,
                "kwun-tong", FieldVisibility.MyCommunities, null, FieldVisibility.OnlyMe, true, ErasureChoice.RemovePosts), default);
            await people.SaveProfileAsync(keeps, new ProfileInput("Bob", [("chronic-pain", 2010)], FieldVisibility.OnlyMe, "75+", FieldVisibility.OnlyMe,
                "eastern", FieldVisibility.OnlyMe, null, FieldVisibility.OnlyMe, true, ErasureChoice.RemovePosts), default);
        }

        var topic = await site.StartAsync(shares, site.Pain); // March (Hong Kong)
        site.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 31, 16, 30, 0, TimeSpan.Zero)); // 1 April 00:30 in Hong Kong
        await site.ReplyAsync(keeps, topic.Id);
        site.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 20, 2, 0, 0, TimeSpan.Zero));
        await site.StartAsync(carer, site.Carers);
        site.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 20, 2, 0, 0, TimeSpan.Zero));
        await site.ReplyAsync(keeps, topic.Id); // after the period

        await using var read = site.Scope();
        var source = site.Get<IEnumerable<IMetricsSource>>(read).Single();
        site.Commands.Reset();
        var metrics = await source.GetMetricsAsync(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30));
        Assert.Equal(ForumMetricsSource.Queries, site.Commands.Count);
        Assert.All(site.Commands.Texts, sql => Assert.Contains("COUNT(", sql, StringComparison.Ordinal));
        Assert.All(site.Commands.Texts, sql => Assert.DoesNotContain("\"Markdown\"", sql, StringComparison.Ordinal));

        var posts = metrics.Single(m => m.Key == "forum.posts");
        Assert.Equal(3, posts.Value);
        Assert.Equal([("2026-03", 1m), ("2026-04", 2m)], posts.Breakdowns.Single(b => b.Dimension == "month").Parts.Select(p => (p.Key, p.Value)));
        Assert.Equal([("chronic-pain", 2m), ("caring", 1m)], posts.Breakdowns.Single(b => b.Dimension == "condition").Parts.Select(p => (p.Key, p.Value)));

        var active = metrics.Single(m => m.Key == "forum.active-members");
        Assert.Equal(3, active.Value);
        (string, decimal)[] Parts(string dimension) => [.. active.Breakdowns.Single(b => b.Dimension == dimension).Parts.Select(p => (p.Key, p.Value))];
        // Bob keeps every field to himself and Carol never filled hers in: both "not shared", never their values.
        Assert.Equal([("60-74", 1m), ("not-shared", 2m)], Parts("age-band"));
        Assert.Equal([("kwun-tong", 1m), ("not-shared", 2m)], Parts("district"));
        Assert.Equal([("chronic-pain", 1m), ("diabetes", 1m), ("not-shared", 2m)], Parts("condition"));
        Assert.Equal(3, metrics.Single(m => m.Key == "forum.members-joined").Value);
    }
}
