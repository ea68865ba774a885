using Microsoft.Extensions.DependencyInjection;
using Portal.Forum.Models;
using Portal.Forum.Services;
using Portal.Search;

namespace Portal.Forum.Tests;

public sealed class AnonymityTests
{
    [Fact]
    public async Task An_anonymous_post_shows_no_author_to_members_but_moderators_see_who_wrote_it()
    {
        await using var site = new ForumSite();
        var author = await site.MemberAsync("alice", site.Pain);
        var reader = await site.MemberAsync("bob", site.Pain);
        var moderator = await site.ViewerAsync("mod", moderator: true);
        var topic = await site.StartAsync(author, site.Pain, "A hard week", "I could not get up today.", anonymous: true);

        await using var scope = site.Scope();
        var forum = site.Get<ForumService>(scope);
        var asMember = (await forum.ThreadAsync(topic.Id, reader, 1, default))!.Posts.Single().Author;
        Assert.True(asMember.Anonymous);
        Assert.Null(asMember.Name);
        Assert.Null(asMember.ProfileId);

        var list = (await forum.CommunityPageAsync((await forum.FindCommunityAsync("pain", default))!, reader, 1, default)).Topics.Single().Author;
        Assert.Null(list.Name);
        Assert.Null(list.ProfileId);

        var asModerator = (await forum.ThreadAsync(topic.Id, moderator, 1, default))!.Posts.Single().Author;
        Assert.True(asModerator.RevealedToModerator);
        Assert.Equal("Name alice", asModerator.Name);
    }

    [Fact]
    public async Task An_anonymous_reply_never_names_its_author_in_notifications_or_search_documents()
    {
        await using var site = new ForumSite();
        var author = await site.MemberAsync("alice", site.Pain);
        var replier = await site.MemberAsync("bob", site.Pain);
        var topic = await site.StartAsync(author, site.Pain);
        var reply = await site.ReplyAsync(replier, topic.Id, "Something only I would say", anonymous: true);

        var told = Assert.Single(site.Notifications.Published, n => n.Request.Kind == ForumNotifications.Reply);
        Assert.Equal("alice", told.Request.RecipientUserId);
        Assert.True(told.InTransaction);
        Assert.DoesNotContain(told.Request.Data.Values, v => v.Contains("bob", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("An anonymous member", told.Request.Data["author"]);

        await using var scope = site.Scope();
        var document = await scope.ServiceProvider.GetServices<ISearchDocumentSource>().OfType<ForumSearchSource>().Single().GetAsync(reply.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotNull(document);
        Assert.DoesNotContain("bob", document!.Title + document.Body + document.Url, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(site.Indexing.Enqueued, c => c.Change.ItemId == reply.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) && c.InTransaction);
    }

    [Fact]
    public void Author_view_rules()
    {
        var profile = new AuthorName("Fern", "fern-public");
        var member = new ForumViewer("u2", new HashSet<long>(), false, false);
        var moderator = new ForumViewer("m", new HashSet<long>(), true, true);
        Assert.Equal("Fern", ForumAccess.Author(false, false, profile, member).Name);
        Assert.Null(ForumAccess.Author(true, false, profile, member).Name);
        Assert.Null(ForumAccess.Author(true, false, profile, ForumViewer.Visitor).ProfileId);
        Assert.Equal("Fern", ForumAccess.Author(true, false, profile, moderator).Name);
        var erased = ForumAccess.Author(true, true, null, moderator);
        Assert.True(erased.Erased);
        Assert.Null(erased.Name);
        Assert.DoesNotContain(ForumAccess.SearchVisibilityOf(Topic.Start(1, "u1", TopicKind.Discussion, "Title here", "en", TopicVisibility.Community, true, [], [], ForumSite.Start))
            .Audiences, a => a.StartsWith("user:", StringComparison.Ordinal));
        Assert.Equal(SearchVisibility.SignedIn, ForumAccess.SearchVisibilityOf(Topic.Start(1, "u1", TopicKind.Discussion, "Title here", "en", TopicVisibility.Members, true, [], [], ForumSite.Start)));
    }
}
