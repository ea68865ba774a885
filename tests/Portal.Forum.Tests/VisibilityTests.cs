using Microsoft.EntityFrameworkCore;
using Portal.Forum.Data;
using Portal.Forum.Models;
using Portal.Forum.Services;
using Portal.Search;

namespace Portal.Forum.Tests;

public sealed class VisibilityTests
{
    [Fact]
    public async Task A_community_only_thread_is_seen_by_its_members_and_moderators_only()
    {
        await using var site = new ForumSite();
        var author = await site.MemberAsync("alice", site.Pain);
        var member = await site.MemberAsync("bob", site.Pain);
        var outsider = await site.MemberAsync("carol", site.Carers);
        var moderator = await site.ViewerAsync("mod", moderator: true);
        var topic = await site.StartAsync(author, site.Pain);

        await using var scope = site.Scope();
        var forum = site.Get<ForumService>(scope);
        Assert.NotNull(await forum.ThreadAsync(topic.Id, member, 1, default));
        Assert.NotNull(await forum.ThreadAsync(topic.Id, moderator, 1, default));
        Assert.Null(await forum.ThreadAsync(topic.Id, outsider, 1, default));
        Assert.Null(await forum.ThreadAsync(topic.Id, ForumViewer.Visitor, 1, default));
        Assert.Null(await forum.LocateAsync(topic.Id, outsider, default));

        var access = site.Get<ForumAccess>(scope);
        Assert.Contains(await access.VisibleTopics(member).ToListAsync(), t => t.Id == topic.Id);
        Assert.DoesNotContain(await access.VisibleTopics(outsider).ToListAsync(), t => t.Id == topic.Id);
        Assert.DoesNotContain(await access.VisibleTopics(ForumViewer.Visitor).ToListAsync(), t => t.Id == topic.Id);
        await Assert.ThrowsAsync<ForumNotFoundException>(() => forum.ReplyAsync(outsider, topic.Id, "Let me in", false, null, default));
        await Assert.ThrowsAsync<ForumNotFoundException>(() => forum.ReactAsync(outsider, topic.Id, ReactionKind.Hug, default));

        var visibility = ForumAccess.SearchVisibilityOf(topic);
        Assert.DoesNotContain(SearchVisibility.PublicAudience, visibility.Audiences);
        Assert.DoesNotContain(SearchVisibility.AuthenticatedAudience, visibility.Audiences);
        Assert.Contains("community:" + site.Pain, visibility.Audiences);
    }

    [Fact]
    public async Task The_front_page_lists_for_each_viewer_the_newest_published_threads_they_may_see()
    {
        await using var site = new ForumSite();
        var author = await site.MemberAsync("alice", site.Pain);
        var member = await site.MemberAsync("bob", site.Pain);
        var carer = await site.MemberAsync("carol", site.Carers);
        var newcomer = await site.MemberAsync("dave", site.Pain, reviewed: false);
        var moderator = await site.ViewerAsync("mod", moderator: true);
        var ownCommunity = await site.StartAsync(author, site.Pain, "Pain only");
        var otherCommunity = await site.StartAsync(carer, site.Carers, "Carers only");
        var allMembers = await site.StartAsync(carer, site.Carers, "For every member", visibility: TopicVisibility.Members);
        var held = await site.StartAsync(newcomer, site.Pain, "Held for review");
        Assert.NotEqual(PostStatus.Published, held.Status);

        await using var scope = site.Scope();
        var forum = site.Get<ForumService>(scope);
        var access = site.Get<ForumAccess>(scope);
        async Task<long[]> LatestAsync(ForumViewer viewer) => [.. (await forum.LatestAsync(viewer, default)).Select(t => t.Topic.Id).Order()];
        async Task<long[]> ExpectedAsync(ForumViewer viewer) =>
            [.. (await access.VisibleTopics(viewer).Where(t => t.Status == PostStatus.Published).ToListAsync()).Select(t => t.Id).Order()];

        Assert.Equal([ownCommunity.Id, allMembers.Id], await LatestAsync(member));
        Assert.Equal([otherCommunity.Id, allMembers.Id], await LatestAsync(carer));
        Assert.Equal([ownCommunity.Id, allMembers.Id], await LatestAsync(newcomer)); // their own held thread is not "latest"
        Assert.Equal([ownCommunity.Id, otherCommunity.Id, allMembers.Id], await LatestAsync(moderator));
        Assert.Empty(await LatestAsync(ForumViewer.Visitor));
        foreach (var viewer in new[] { member, carer, newcomer, moderator, ForumViewer.Visitor })
        {
            Assert.Equal(await ExpectedAsync(viewer), await LatestAsync(viewer)); // the compiled member query keeps VisibleTopics' rule
        }

        // The held thread is still its author's to see (VisibleTopics), only not on the front page.
        Assert.Contains(await access.VisibleTopics(newcomer).ToListAsync(), t => t.Id == held.Id);
        Assert.DoesNotContain(await access.VisibleTopics(member).ToListAsync(), t => t.Id == held.Id);
    }

    [Fact]
    public async Task A_public_article_is_community_only_until_a_moderator_approves_it_and_a_discussion_can_never_be_public()
    {
        await using var site = new ForumSite();
        var author = await site.MemberAsync("alice", site.Pain);
        var outsider = await site.MemberAsync("carol", site.Carers);
        var moderator = await site.ViewerAsync("mod", moderator: true);
        var article = await site.StartAsync(author, site.Pain, "My ten years with back pain", "What I learnt, slowly.", TopicVisibility.Public, kind: TopicKind.Article);
        Assert.Equal(TopicVisibility.Community, article.Visibility);
        Assert.True(article.AwaitingPublicApproval);

        await using (var scope = site.Scope())
        {
            Assert.Null(await site.Get<ForumService>(scope).ThreadAsync(article.Id, ForumViewer.Visitor, 1, default));
            Assert.Null(await site.Get<ForumService>(scope).ThreadAsync(article.Id, outsider, 1, default));
            await site.Get<ModerationService>(scope).ApprovePublicAsync(moderator, article.Id, default);
        }

        await using (var scope = site.Scope())
        {
            Assert.NotNull(await site.Get<ForumService>(scope).ThreadAsync(article.Id, ForumViewer.Visitor, 1, default));
            var topic = await site.Get<ForumDbContext>(scope).Topics.SingleAsync(t => t.Id == article.Id);
            Assert.Equal(SearchVisibility.Public, ForumAccess.SearchVisibilityOf(topic));
        }

        await Assert.ThrowsAsync<ForumRuleException>(() => site.StartAsync(author, site.Pain, "A public chat", "Hello all", TopicVisibility.Public, kind: TopicKind.Discussion));
    }

    [Fact]
    public async Task An_all_members_thread_is_seen_by_everyone_signed_in_but_not_by_visitors()
    {
        await using var site = new ForumSite();
        var author = await site.MemberAsync("alice", site.Pain);
        var outsider = await site.MemberAsync("carol", site.Carers);
        var topic = await site.StartAsync(author, site.Pain, visibility: TopicVisibility.Members);
        await using var scope = site.Scope();
        Assert.NotNull(await site.Get<ForumService>(scope).ThreadAsync(topic.Id, outsider, 1, default));
        Assert.Null(await site.Get<ForumService>(scope).ThreadAsync(topic.Id, ForumViewer.Visitor, 1, default));
        Assert.False(ForumAccess.CanReply(topic, outsider)); // reading is not joining
    }

    [Fact]
    public async Task Profile_fields_follow_each_owners_choice()
    {
        await using var site = new ForumSite();
        var owner = await site.MemberAsync("alice", site.Pain);
        var neighbour = await site.MemberAsync("bob", site.Pain);
        var stranger = await site.MemberAsync("carol", site.Carers);
        await using (var scope = site.Scope())
        {
            await site.Get<PeopleService>(scope).SaveProfileAsync(owner, new ProfileInput("Quiet Fern", [("chronic-pain", 2015)], FieldVisibility.MyCommunities,
                "45-59", FieldVisibility.AllMembers, "sha-tin", FieldVisibility.OnlyMe, "parent", FieldVisibility.OnlyMe, true, ErasureChoice.RemovePosts), default);
        }

        await using var read = site.Scope();
        var publicId = (await site.Get<ForumDbContext>(read).Profiles.SingleAsync(p => p.UserId == "alice")).PublicId;
        var people = site.Get<PeopleService>(read);
        var mine = (await people.ViewAsync(publicId, owner, default))!;
        Assert.Equal("sha-tin", mine.District);
        Assert.Equal("parent", mine.CaringRole);

        var byNeighbour = (await people.ViewAsync(publicId, neighbour, default))!;
        Assert.NotNull(byNeighbour.Conditions);
        Assert.Equal("45-59", byNeighbour.AgeBand);
        Assert.Null(byNeighbour.District);
        Assert.Null(byNeighbour.CaringRole);

        var byStranger = (await people.ViewAsync(publicId, stranger, default))!;
        Assert.Null(byStranger.Conditions);
        Assert.Equal("45-59", byStranger.AgeBand);
        Assert.Null(byStranger.District);
        Assert.Null(await people.ViewAsync(publicId, ForumViewer.Visitor, default));
    }

    [Fact]
    public async Task A_new_profile_shares_nothing_and_is_not_findable()
    {
        await using var site = new ForumSite();
        var profile = MemberProfile.Create("u1", "Fern", ForumSite.Start);
        Assert.False(profile.Findable);
        Assert.Equal(FieldVisibility.OnlyMe, profile.ConditionsVisibility);
        Assert.Equal(FieldVisibility.OnlyMe, profile.AgeBandVisibility);
        Assert.Equal(FieldVisibility.OnlyMe, profile.DistrictVisibility);
        Assert.Equal(FieldVisibility.OnlyMe, profile.CaringRoleVisibility);
        Assert.Throws<ForumRuleException>(() => MemberProfile.Create("u2", "Anonymous member", ForumSite.Start));
        Assert.Throws<ForumRuleException>(() => MemberProfile.Create("u3", "<b>x</b>", ForumSite.Start));
        Assert.Throws<ForumRuleException>(() => Community.Create("profile", "caring", ForumSite.Start));
        Assert.Throws<ForumRuleException>(() => Community.Create("Bad Slug", "caring", ForumSite.Start));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Members_like_me_are_findable_members_sharing_a_visible_condition_ranked_by_age_and_district()
    {
        await using var site = new ForumSite();
        var me = await site.MemberAsync("me", site.Pain);
        var close = await site.MemberAsync("close", site.Pain);
        var far = await site.MemberAsync("far", site.Pain);
        var hidden = await site.MemberAsync("hidden", site.Pain);
        var private_ = await site.MemberAsync("private", site.Pain);
        async Task Save(ForumViewer v, string age, string district, bool findable, FieldVisibility conditions)
        {
            await using var scope = site.Scope();
            await site.Get<PeopleService>(scope).SaveProfileAsync(v, new ProfileInput("Name " + v.UserId, [("chronic-pain", null)], conditions,
                age, FieldVisibility.AllMembers, district, FieldVisibility.AllMembers, null, FieldVisibility.OnlyMe, findable, ErasureChoice.RemovePosts), default);
        }

        await Save(me, "60-74", "kwun-tong", false, FieldVisibility.OnlyMe);
        await Save(close, "75+", "kwun-tong", true, FieldVisibility.MyCommunities);
        await Save(far, "18-29", "islands", true, FieldVisibility.AllMembers);
        await Save(hidden, "60-74", "kwun-tong", false, FieldVisibility.AllMembers);
        await Save(private_, "60-74", "kwun-tong", true, FieldVisibility.OnlyMe);

        await using var read = site.Scope();
        var matches = await site.Get<PeopleService>(read).LikeMeAsync(me, default);
        Assert.Equal(["Name close", "Name far"], matches.Select(m => m.Profile.DisplayName));
        Assert.True(matches[0].SimilarAge);
        Assert.True(matches[0].SameDistrict);
        Assert.False(matches[1].SimilarAge);
    }
}
