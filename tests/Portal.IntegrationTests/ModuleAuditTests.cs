using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Forum.Data;
using Portal.Hosting.Data;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;
using Portal.Privacy;

namespace Portal.IntegrationTests;

/// <summary>Helpers for the audit-trail tests of the modules.</summary>
internal static class Audit
{
    public static async Task<List<Portal.Hosting.Privacy.AuditEntry>> EntriesAsync(PortalSite site, string area)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HostDbContext>().AuditEntries.AsNoTracking().Where(a => a.Area == area).OrderBy(a => a.Id).ToListAsync();
    }

    public static async Task<string> UserIdAsync(PortalSite site, string userName)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<Portal.People.IPersonDirectory>().FindByUserNameAsync(userName))!.UserId;
    }

    /// <summary>Answers the reason prompt shown instead of the page; returns the response of the post.</summary>
    public static async Task<HttpResponseMessage> GiveReasonAsync(HttpClient client, AngleSharp.Html.Dom.IHtmlDocument prompt, string reason) =>
        await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(prompt, "/privacy/reason"), f => f["reason"] = reason);
}

/// <summary>Audit trail (issue 18) of the mentor scheme: staff outside a pair give a reason before its page (meeting
/// notes) opens, and the view is recorded for the mentor and the mentee with that reason; the pair's own members are
/// not recorded; applications opened and decided by staff are recorded.</summary>
public sealed class MentoringAuditTests(PortalSite site) : IClassFixture<PortalSite>
{
    [Fact]
    public async Task Staff_give_a_reason_before_a_pair_opens_and_both_people_see_the_entry()
    {
        var (pairId, mentor, mentee, staff) = await MentoringTests.ActivePairThroughThePagesAsync(site);
        var mentorId = await Audit.UserIdAsync(site, "mentor");
        var menteeId = await Audit.UserIdAsync(site, "member");
        var staffId = await Audit.UserIdAsync(site, "staff");

        // Applications opened and decided while setting the pair up.
        var applications = await Audit.EntriesAsync(site, "mentoring.applications");
        Assert.Contains(applications, e => e.SubjectUserId == menteeId && e.ActorUserId == staffId && e.Action == PersonalDataAction.Viewed);
        Assert.Contains(applications, e => e.SubjectUserId == mentorId && e.Action == PersonalDataAction.Changed);

        // The pair's own members open it freely and are not recorded.
        await mentor.GetStringAsync($"/mentoring/pairs/{pairId}");
        await mentee.GetStringAsync($"/mentoring/pairs/{pairId}");
        Assert.Empty(await Audit.EntriesAsync(site, "mentoring.pairs"));

        // Staff: the reason prompt instead of the notes; an empty reason comes back with a message.
        var prompt = await HtmlForms.GetAsync(staff, $"/mentoring/pairs/{pairId}?culture=en");
        Assert.DoesNotContain("Handing over the chair", prompt.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Why are you opening this?", prompt.Body.TextContent, StringComparison.Ordinal);
        Assert.Contains("Mentoring pairs and meeting notes", prompt.Body.TextContent, StringComparison.Ordinal);
        var empty = await Audit.GiveReasonAsync(staff, prompt, "");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Empty(await Audit.EntriesAsync(site, "mentoring.pairs"));

        var given = await Audit.GiveReasonAsync(staff, prompt, "Mentee asked for a change of mentor");
        Assert.Equal(HttpStatusCode.Redirect, given.StatusCode);
        Assert.Equal($"/mentoring/pairs/{pairId}?culture=en", given.Headers.Location?.OriginalString);
        Assert.Contains("Handing over the chair", await staff.GetStringAsync($"/mentoring/pairs/{pairId}"), StringComparison.Ordinal);

        var entries = await Audit.EntriesAsync(site, "mentoring.pairs");
        Assert.Equal(new[] { mentorId, menteeId }.Order(StringComparer.Ordinal), entries.Select(e => e.SubjectUserId).Order(StringComparer.Ordinal));
        Assert.All(entries, e => Assert.Equal(("Mentee asked for a change of mentor", staffId, $"pair {pairId}"), (e.Reason, e.ActorUserId, e.Item)));

        // Within the half hour the same pair opens again with the same reason, recorded again.
        await staff.GetStringAsync($"/mentoring/pairs/{pairId}");
        Assert.Equal(4, (await Audit.EntriesAsync(site, "mentoring.pairs")).Count);
    }
}

/// <summary>Audit trail (issue 18) of the forum: a moderator gives a reason before the review queue (held, hidden and
/// reported posts, whose authors it reveals) opens; each author in it is recorded; a standing change is recorded with
/// the reason typed in its form.</summary>
public sealed partial class ForumAuditTests(ForumSite site) : IClassFixture<ForumSite>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        _ = site.CreateClient();
        await using var scope = site.Services.CreateAsyncScope();
        if (!await scope.ServiceProvider.GetRequiredService<ForumDbContext>().Communities.AnyAsync())
        {
            await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExecuteAsync(Path.Combine(AppContext.BaseDirectory, "content-recipes", "forum.recipe.json"));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_moderator_gives_a_reason_before_the_review_queue_and_each_author_in_it_is_recorded()
    {
        using var leader = await site.SignInAsync("leader");
        using var ada = await site.SignInAsync("forum4");
        using var staff = await site.SignInAsync("staff");
        var adaId = await Audit.UserIdAsync(site, "forum4");
        var staffId = await Audit.UserIdAsync(site, "staff");

        // Ada replies anonymously in a carers' thread; the leader reports the reply, so it is in the queue.
        var form = await HtmlForms.GetAsync(leader, "/community/carers/new");
        var created = await HtmlForms.SubmitAsync(leader, HtmlForms.FindForm(form, "/community/carers/new"), f =>
        {
            f["Form.Title"] = "Respite weekends " + Guid.NewGuid().ToString("N")[..6];
            f["Form.Text"] = "Who has tried the respite weekends?";
            f["Form.Visibility"] = "Community";
        });
        var topicId = ThreadLink().Match(created.Headers.Location!.ToString()).Groups[1].Value;
        var thread = await HtmlForms.GetAsync(ada, $"/community/threads/{topicId}");
        var replied = await HtmlForms.SubmitAsync(ada, HtmlForms.FindForm(thread, "/reply"), f =>
        {
            f["Reply.Text"] = "My mother's dementia got worse after one.";
            f["Reply.Anonymous"] = "true";
        });
        var replyId = PostLink().Match(replied.Headers.Location!.ToString()).Groups[1].Value;
        using var flagged = await leader.PostAsync($"/community/posts/{replyId}/flag", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = (await HtmlForms.GetAsync(leader, $"/community/threads/{topicId}")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["reason"] = "Other",
        }));
        Assert.Equal(HttpStatusCode.Redirect, flagged.StatusCode);

        var prompt = await HtmlForms.GetAsync(staff, "/community/moderation?culture=zh-HK");
        Assert.Contains("你為甚麼要查閱這些資料？", prompt.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("待審閱的討論區帖子", prompt.Body.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("dementia", prompt.Body.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await Audit.GiveReasonAsync(staff, prompt, "Weekly review of reported posts")).StatusCode);
        Assert.Contains("dementia", await staff.GetStringAsync("/community/moderation"), StringComparison.Ordinal);

        var entries = await Audit.EntriesAsync(site, "forum.held-posts");
        var entry = Assert.Single(entries, e => e.SubjectUserId == adaId);
        Assert.Equal((staffId, "Weekly review of reported posts", PersonalDataAction.Viewed), (entry.ActorUserId, entry.Reason, entry.Action));
        Assert.DoesNotContain(entries, e => e.SubjectUserId == staffId);

        // The moderator's decision about the post is a change to the author's data, with the reason typed with it.
        var queue = await HtmlForms.GetAsync(staff, "/community/moderation");
        var removed = await HtmlForms.SubmitAsync(staff, HtmlForms.FindForm(queue, $"/posts/{replyId}/remove"), f => f["reason"] = "Names a relative's illness");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        var decision = Assert.Single(await Audit.EntriesAsync(site, "forum.held-posts"), e => e.SubjectUserId == adaId && e.Action == PersonalDataAction.Changed);
        Assert.Equal((staffId, "Names a relative's illness", $"removed post {replyId}"), (decision.ActorUserId, decision.Reason, decision.Item));
    }

    [GeneratedRegex("/community/threads/(\\d+)")]
    private static partial Regex ThreadLink();

    [GeneratedRegex("/community/posts/(\\d+)")]
    private static partial Regex PostLink();
}
