using Portal.Security;
using static Portal.Search.Tests.FakeSource;

namespace Portal.Search.Tests;

/// <summary>Search never shows a person anything they could not open: not as a hit, a count, a facet, a snippet or a suggestion.</summary>
public sealed class PermissionTests
{
    private static readonly SearchDocument[] Corpus =
    [
        Doc("public", "互助小組聚會", "公開的聚會資料。", category: "events"),
        Doc("members", "互助小組 會員通訊", "會員專享：秘密會議 confidential minutes。", SearchVisibility.Roles(PortalRoles.Member), category: "member-news"),
        Doc("community", "互助小組 社群討論", "社群內的秘密分享 confidential thread。", new SearchVisibility(["community:7"]), category: "community-talk"),
        Doc("own", "互助小組 我的筆記", "只有自己看到的秘密筆記 confidential notes。", new SearchVisibility(["user:u-42"]), category: "private-notes"),
        Doc("signed-in", "互助小組 登入資源", "登入後可見 confidential resource。", SearchVisibility.SignedIn, category: "resources"),
    ];

    [Fact]
    public async Task Anonymous_visitors_see_public_items_only_in_hits_totals_and_facets()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Corpus);

        var result = await corpus.Host.SearchAsync("互助小組");

        Assert.Equal(1, result.Total);
        Assert.Equal("test:public", Assert.Single(result.Hits).Id);
        Assert.Equal([new("events", 1)], result.Facets["category"]);
        Assert.Equal([new("test", 1)], result.Facets["type"]);
    }

    [Theory]
    [InlineData("秘密")]
    [InlineData("confidential")]
    [InlineData("confidental")]
    [InlineData("會員通訊")]
    public async Task Anonymous_visitors_get_no_trace_of_restricted_words(string query)
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Corpus);

        var result = await corpus.Host.SearchAsync(query);

        Assert.Equal(0, result.Total);
        Assert.Empty(result.Hits);
        Assert.DoesNotContain(result.Facets.Values.SelectMany(v => v), v => v.Count > 0);
        Assert.Null(result.DidYouMean);
        Assert.Equal([new("events", 1)], result.RelatedCategories);
    }

    [Fact]
    public async Task A_member_sees_member_items_but_not_a_community_they_are_not_in()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Corpus);
        var member = SearchTestHost.User("u-1", [PortalRoles.Member]);

        var result = await corpus.Host.SearchAsync("confidential", member);

        Assert.Equal(["test:members", "test:signed-in"], result.Hits.Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.Equal(2, result.Total);
        Assert.DoesNotContain(result.Facets["category"], f => f.Value is "community-talk" or "private-notes");
        Assert.DoesNotContain(result.Hits, h => h.Snippet.Contains("社群", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Community_members_and_the_owner_see_their_own_items()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Corpus);

        var inCommunity = await corpus.Host.SearchAsync("confidential", SearchTestHost.User("u-2", communities: ["7"]));
        var owner = await corpus.Host.SearchAsync("confidential", SearchTestHost.User("u-42"));
        var otherCommunity = await corpus.Host.SearchAsync("confidential", SearchTestHost.User("u-3", communities: ["8"]));

        Assert.Equal(["test:community", "test:signed-in"], inCommunity.Hits.Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["test:own", "test:signed-in"], owner.Hits.Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["test:signed-in"], otherCommunity.Hits.Select(h => h.Id));
    }

    [Fact]
    public async Task Relaxed_results_also_respect_audiences()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Corpus);

        var result = await corpus.Host.SearchAsync("confidential 聚會");

        Assert.True(result.Relaxed);
        Assert.Equal("test:public", Assert.Single(result.Hits).Id);
    }
}
