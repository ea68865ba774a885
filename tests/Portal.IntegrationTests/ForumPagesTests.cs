using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Forum.Data;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>A forum site with the default posting limit (one post per 5 s per person) and the demo communities.</summary>
public sealed class ForumPostingLimitSite() : ForumSite(new Dictionary<string, string?> { ["Portal:RateLimits:PostingIntervalSeconds"] = "5" });

/// <summary>
/// Smaller forum promises through the pages: posting too fast answers 429 with a friendly page in the person's
/// language (threads and replies share one allowance per person, another person is not held up); staff add a
/// community at <c>/admin/forum</c> (a taken address is refused and what was typed stays); bookmarks are added, listed
/// on the profile and removed.
/// </summary>
public sealed partial class ForumPagesTests(ForumPostingLimitSite site) : IClassFixture<ForumPostingLimitSite>, IAsyncLifetime
{
    private static readonly SemaphoreSlim Setup = new(1, 1);

    public async Task InitializeAsync()
    {
        await Setup.WaitAsync();
        try
        {
            _ = site.CreateClient();
            using var scope = site.Services.CreateScope();
            if (!await scope.ServiceProvider.GetRequiredService<ForumDbContext>().Communities.AnyAsync())
            {
                await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExecuteAsync(Path.Combine(AppContext.BaseDirectory, "content-recipes", "forum.recipe.json"));
            }
        }
        finally
        {
            Setup.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Posting_too_fast_answers_429_with_a_friendly_page_and_another_person_is_not_held_up()
    {
        using var leader = await site.SignInAsync("leader", "en");

        var first = await HtmlForms.SubmitFormAsync(leader, "/community/carers/new", "/community/carers/new", f =>
        {
            f["Form.Title"] = "Respite on weekends";
            f["Form.Text"] = "Which day centres take people on Saturdays?";
        });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var topicId = HtmlForms.RedirectId(first, ThreadLink());

        // At once again (a new thread, then a reply): refused with the site's page, not a bare error.
        var again = await HtmlForms.SubmitFormAsync(leader, "/community/carers/new", "/community/carers/new", f =>
        {
            f["Form.Title"] = "A second thread at once";
            f["Form.Text"] = "Too quick.";
        });
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.True(again.Headers.RetryAfter is not null, "a 429 says when to try again (Retry-After)");
        var page = await again.Content.ReadAsStringAsync();
        Assert.Contains("Please slow down", page, StringComparison.Ordinal);
        Assert.Contains("Please wait a minute and try again.", page, StringComparison.Ordinal);
        Assert.Contains("<main", page, StringComparison.Ordinal); // in the site's layout

        var thread = await HtmlForms.GetAsync(leader, $"/community/threads/{topicId}");
        var reply = await HtmlForms.SubmitAsync(leader, HtmlForms.FindForm(thread, "/reply"), f => f["Reply.Text"] = "And one more at once.");
        Assert.Equal(HttpStatusCode.TooManyRequests, reply.StatusCode);

        // In Chinese for a person who reads Chinese.
        await site.ChooseLanguageAsync(leader, "zh-HK");

        var chinese = await HtmlForms.SubmitAsync(leader, HtmlForms.FindForm(thread, "/reply"), f => f["Reply.Text"] = "再試一次。");
        Assert.Equal(HttpStatusCode.TooManyRequests, chinese.StatusCode);
        Assert.Contains("請稍候再試", await chinese.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Another member replying at the same moment is not held up by the leader's posts.
        using var ada = await site.SignInAsync("forum4");
        var adaReply = await HtmlForms.SubmitFormAsync(ada, $"/community/threads/{topicId}", "/reply", f => f["Reply.Text"] = "The one in Tai Wai does.");
        Assert.Equal(HttpStatusCode.Redirect, adaReply.StatusCode);

        using var scope = site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        Assert.Equal(0, await db.Topics.CountAsync(t => t.Title == "A second thread at once"));
        Assert.Equal(2, await db.Posts.CountAsync(p => p.TopicId == topicId));
    }

    [Fact]
    public async Task Staff_add_a_community_at_admin_forum_and_a_taken_address_is_refused_keeping_what_was_typed()
    {
        using var staff = await site.SignInAsync("staff", "en");

        var slug = "lung-health-" + Guid.NewGuid().ToString("N")[..6];
        var admin = await HtmlForms.GetAsync(staff, "/admin/forum");
        var added = await HtmlForms.SubmitAsync(staff, HtmlForms.FindForm(admin, "/admin/forum/communities"), f =>
        {
            f["NewCommunity.Slug"] = slug;
            f["NewCommunity.Condition"] = "rare-disease";
            f["NewCommunity.NameZh"] = "肺健之友";
            f["NewCommunity.NameEn"] = "Lung health friends";
            f["NewCommunity.DescriptionZh"] = "慢性肺病患者及照顧者互相支持。";
            f["NewCommunity.DescriptionEn"] = "People living with long-term lung conditions and their carers.";
            f["NewCommunity.GuidelinesZh"] = "以善意待人。";
            f["NewCommunity.GuidelinesEn"] = "Be kind.";
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal("/community/" + slug, added.Headers.Location!.OriginalString);

        var community = WebUtility.HtmlDecode(await staff.GetStringAsync($"/community/{slug}"));
        Assert.Contains("Lung health friends", community, StringComparison.Ordinal);
        Assert.Contains("The community is added.", community, StringComparison.Ordinal);
        using var member = await site.SignInAsync("member");
        Assert.Contains("肺健之友", await member.GetStringAsync("/community?culture=zh-HK"), StringComparison.Ordinal);

        // The same address again: the form comes back with the message and every field as typed.
        var twice = await HtmlForms.SubmitFormAsync(staff, "/admin/forum", "/admin/forum/communities", f =>
        {
            f["NewCommunity.Slug"] = slug;
            f["NewCommunity.Condition"] = "rare-disease";
            f["NewCommunity.NameZh"] = "第二個";
            f["NewCommunity.NameEn"] = "Typed a second time";
        });
        Assert.Equal(HttpStatusCode.OK, twice.StatusCode);
        var html = await twice.Content.ReadAsStringAsync();
        Assert.Contains("A community with this address exists already.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Typed a second time\"", html, StringComparison.Ordinal);
        using (var scope = site.Services.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ForumDbContext>().Communities.CountAsync(c => c.Slug == slug));
        }

        // A member cannot reach the page or add one.
        using var notStaff = await member.GetAsync("/admin/forum");
        Assert.NotEqual(HttpStatusCode.OK, notStaff.StatusCode);
    }

    [Fact]
    public async Task A_member_bookmarks_a_thread_finds_it_on_the_profile_and_removes_it()
    {
        using var member = await site.SignInAsync("member", "en");

        var list = await member.GetStringAsync("/community/chronic-pain");
        var topicId = ThreadLink().Matches(list).Select(m => m.Groups[1].Value).First();
        var thread = await HtmlForms.GetAsync(member, $"/community/threads/{topicId}");
        var title = thread.QuerySelector("main h1")!.TextContent.Trim();

        var added = await HtmlForms.SubmitAsync(member, HtmlForms.FindForm(thread, "/bookmark"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var profile = await HtmlForms.GetAsync(member, "/community/profile");
        Assert.NotNull(profile.QuerySelector($"main a[href='/community/threads/{topicId}']"));
        Assert.Contains(title, profile.Body!.TextContent, StringComparison.Ordinal);

        // The thread page now offers to remove it; pressing removes it from the profile's list.
        var removed = await HtmlForms.SubmitFormAsync(member, $"/community/threads/{topicId}", "/bookmark");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Null((await HtmlForms.GetAsync(member, "/community/profile")).QuerySelector($"main a[href='/community/threads/{topicId}']"));

        // A community-only thread of a community the member is not in cannot be bookmarked (it does not exist for them).
        long hidden;
        using (var scope = site.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
            var carers = await db.Communities.Where(c => c.Slug == "carers").Select(c => c.Id).SingleAsync();
            hidden = await db.Topics.Where(t => t.CommunityId == carers && t.RequestedVisibility == Portal.Forum.Models.TopicVisibility.Community).Select(t => t.Id).FirstAsync();
        }

        using var refused = await HtmlForms.PostWithTokenAsync(member, thread, $"/community/threads/{hidden}/bookmark");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        using (var scope = site.Services.CreateScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<ForumDbContext>().Bookmarks.AnyAsync(b => b.TopicId == hidden));
        }
    }

    [GeneratedRegex("/community/threads/(\\d+)")]
    private static partial Regex ThreadLink();
}
