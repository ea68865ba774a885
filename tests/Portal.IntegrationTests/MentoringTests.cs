using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;
using Portal.Mentoring.Data;
using Portal.Mentoring.Models;

namespace Portal.IntegrationTests;

/// <summary>The mentor scheme on the real host: apply, approve, match, agree, log a meeting; object-level access
/// (another mentor's pair, another mentee's goals, a private note by id) and bad input that keeps what was typed.</summary>
public sealed partial class MentoringTests(PortalSite site) : IClassFixture<PortalSite>
{
    private const string PrivateText = "Private worry about burnout of the chair";

    /// <summary>mentor mentors member, through the pages, up to an active pair with one logged meeting.</summary>
    private Task<(long PairId, HttpClient Mentor, HttpClient Mentee, HttpClient Staff)> ActivePairThroughThePagesAsync() => ActivePairThroughThePagesAsync(site);

    internal static async Task<(long PairId, HttpClient Mentor, HttpClient Mentee, HttpClient Staff)> ActivePairThroughThePagesAsync(PortalSite site)
    {
        var mentor = await site.SignInAsync("mentor");
        var mentee = await site.SignInAsync("member");
        var staff = await site.SignInAsync("staff");

        await Apply(mentor, "/mentoring/apply/mentor", "Stroke Survivors Association");
        await Apply(mentee, "/mentoring/apply/mentee", "Parkinson's Mutual Aid Group");

        foreach (var id in IdsIn(await staff.GetStringAsync("/admin/mentoring?status=Pending"), ApplicationLink()))
        {
            var decided = await HtmlForms.SubmitFormAsync(staff, $"/admin/mentoring/applications/{id}", $"/admin/mentoring/applications/{id}", f => f["Decide.Approve"] = "true");
            Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        }

        var menteeApplication = IdsIn(await staff.GetStringAsync("/admin/mentoring?status=Approved"), MatchLink()).Single();
        var match = await HtmlForms.GetAsync(staff, $"/admin/mentoring/match/{menteeApplication}");
        Assert.Contains("100", match.Body!.TextContent, StringComparison.Ordinal);
        var confirmForm = match.Forms.First(f => f.QuerySelector("input[name=mentorId]") is not null);
        var confirmed = await HtmlForms.SubmitAsync(staff, confirmForm);
        var pairId = HtmlForms.RedirectId(confirmed, PairLink());

        foreach (var client in new[] { mentor, mentee })
        {
            var agreed = await HtmlForms.SubmitFormAsync(client, $"/mentoring/pairs/{pairId}", "/agreement", f => f["agree"] = "true");
            Assert.Equal(HttpStatusCode.Redirect, agreed.StatusCode);
        }

        var logged = await HtmlForms.SubmitFormAsync(mentor, $"/mentoring/pairs/{pairId}", "/meetings", f =>
        {
            f["Meeting.Held"] = DateTime.UtcNow.AddHours(8).AddDays(-1).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
            f["Meeting.Minutes"] = "75";
            f["Meeting.Topics"] = "Handing over the chair";
            f["Meeting.PrivateNote"] = PrivateText;
            f["Meeting.Action1"] = "Draw a successor map";
        });
        Assert.Equal(HttpStatusCode.Redirect, logged.StatusCode);
        return (pairId, mentor, mentee, staff);
    }

    internal static async Task Apply(HttpClient client, string url, string organisation)
    {
        var response = await HtmlForms.SubmitFormAsync(client, url, "/mentoring/apply", f =>
        {
            f["Organisation"] = organisation;
            f["Areas"] = "succession";
            f["Languages"] = "yue";
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Apply_approve_match_agree_and_log_a_meeting_then_access_stays_strict()
    {
        var (pairId, mentor, mentee, staff) = await ActivePairThroughThePagesAsync();
        using var leader = await site.SignInAsync("leader");

        var mentorView = await mentor.GetStringAsync($"/mentoring/pairs/{pairId}");
        Assert.Contains(PrivateText, mentorView, StringComparison.Ordinal);
        var noteId = IdsIn(mentorView, NoteLink()).Single();

        // The mentee and staff see the meeting, never the private note; nobody but its author opens it by id.
        var menteeView = await mentee.GetStringAsync($"/mentoring/pairs/{pairId}");
        Assert.Contains("Handing over the chair", menteeView, StringComparison.Ordinal);
        Assert.DoesNotContain(PrivateText, menteeView, StringComparison.Ordinal);
        Assert.DoesNotContain(PrivateText, await staff.GetStringAsync($"/mentoring/pairs/{pairId}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await mentor.GetAsync($"/mentoring/notes/{noteId}")).StatusCode);
        foreach (var other in new[] { mentee, staff, leader })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/mentoring/notes/{noteId}")).StatusCode);
        }

        // Someone outside the pair: no page, no goals, no calendar, no posting.
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync($"/mentoring/pairs/{pairId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync($"/mentoring/pairs/{pairId}/next-meeting.ics")).StatusCode);
        var leaderHome = await HtmlForms.GetAsync(leader, "/mentoring");
        var token = leaderHome.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var goal = await leader.PostAsync($"/mentoring/pairs/{pairId}/goals", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Goal.Title"] = "Not my pair",
        }));
        Assert.Equal(HttpStatusCode.NotFound, goal.StatusCode);
        using (var scope = site.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MentoringDbContext>();
            Assert.False(await db.Goals.AnyAsync(g => g.Title == "Not my pair"));
            Assert.Equal(PairStatus.Active, (await db.Pairs.SingleAsync(p => p.Id == pairId)).Status);
        }

        // The mentor's dashboard lists the mentee; the mentee has not shared academy progress.
        var dashboard = await mentor.GetStringAsync("/mentoring/mentees?culture=en");
        Assert.Contains("Not shared", dashboard, StringComparison.Ordinal);
        Assert.Contains("Draw a successor map", dashboard, StringComparison.Ordinal);

        // Bad input: a meeting in the future is refused in the person's language and the form keeps what they typed.
        // (The mentor chooses Chinese with the language switch: a page's ?culture= is not saved, and the form posts
        // without it.)
        await site.ChooseLanguageAsync(mentor, "zh-HK");

        var page = await HtmlForms.GetAsync(mentor, $"/mentoring/pairs/{pairId}?culture=zh-HK");
        var future = await HtmlForms.SubmitAsync(mentor, HtmlForms.FindForm(page, "/meetings"), f =>
        {
            f["Meeting.Held"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
            f["Meeting.Minutes"] = "60";
            f["Meeting.Topics"] = "Budget for next year";
        });
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        var html = await future.Content.ReadAsStringAsync();
        Assert.Contains("會面未舉行前不能記錄", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Budget for next year\"", html, StringComparison.Ordinal);

        var letters = await HtmlForms.SubmitAsync(mentor, HtmlForms.FindForm(page, "/meetings"), f =>
        {
            f["Meeting.Minutes"] = "sixty";
            f["Meeting.Topics"] = "Kept";
        });
        Assert.Equal(HttpStatusCode.BadRequest, letters.StatusCode);
        var lettersHtml = await letters.Content.ReadAsStringAsync();
        Assert.Contains("請檢查你輸入的數字和日期", lettersHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"sixty\"", lettersHtml, StringComparison.Ordinal);

        // A stale form (the pair changed since the page was drawn) is refused with a message, not a 500.
        var stale = await HtmlForms.SubmitAsync(mentor, HtmlForms.FindForm(page, "/meetings"), f =>
        {
            f["version"] = "1";
            f["Meeting.Held"] = DateTime.UtcNow.AddHours(8).AddDays(-2).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
            f["Meeting.Topics"] = "Stale";
        });
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Contains("其間有人更改了內容", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Completing the mentorship earns the mentee a certificate anyone can verify at the academy's page.
        var ended = await HtmlForms.SubmitFormAsync(mentor, $"/mentoring/pairs/{pairId}", "/end", f =>
        {
            f["End.Completed"] = "true";
            f["End.Reason"] = "Both goals reached";
        });
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        var code = CertificateLink().Match(await mentee.GetStringAsync($"/mentoring/pairs/{pairId}")).Groups[1].Value;
        Assert.NotEmpty(code);
        using (var anonymous = site.CreateBrowser())
        {
            var verified = await anonymous.GetStringAsync($"/certificates/verify/{code}?culture=en");
            Assert.Contains("Self-help group leaders&#x27; mentor scheme", verified, StringComparison.Ordinal);
            Assert.Contains("測試會員", verified, StringComparison.Ordinal);
        }

        // Staff report and CSV.
        var report = await staff.GetStringAsync("/admin/mentoring/report?culture=en");
        Assert.Contains("<svg", report, StringComparison.Ordinal);
        Assert.Contains("<desc id=\"chart-meetings-desc\">", report, StringComparison.Ordinal);
        var csv = await staff.GetStringAsync("/admin/mentoring/report.csv?culture=en");
        Assert.Contains("Month", csv, StringComparison.Ordinal);
        var refused = await mentee.GetAsync("/admin/mentoring/report.csv");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        mentor.Dispose();
        mentee.Dispose();
        staff.Dispose();
    }

    internal static IEnumerable<long> IdsIn(string html, Regex pattern) =>
        pattern.Matches(html).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct();

    [GeneratedRegex("/admin/mentoring/applications/(\\d+)\"")]
    internal static partial Regex ApplicationLink();

    [GeneratedRegex("/admin/mentoring/match/(\\d+)\"")]
    private static partial Regex MatchLink();

    [GeneratedRegex("/mentoring/pairs/(\\d+)")]
    internal static partial Regex PairLink();

    [GeneratedRegex("/certificates/verify/([0-9A-Z]+)\"")]
    private static partial Regex CertificateLink();

    [GeneratedRegex("/mentoring/notes/(\\d+)\"")]
    private static partial Regex NoteLink();
}

/// <summary>Withdrawing and re-pairing through the pages, on a site of its own: staff re-pair an active pair's mentee
/// with another mentor (confirmation box, the old pair withdrawn), then the new mentor withdraws the proposed pair.</summary>
public sealed class MentoringWithdrawTests(PortalSite site) : IClassFixture<PortalSite>
{
    [Fact]
    public async Task Staff_re_pair_a_mentee_and_the_mentor_withdraws_only_after_confirming()
    {
        var (pairId, mentor, mentee, staff) = await MentoringTests.ActivePairThroughThePagesAsync(site);
        using var leader = await site.SignInAsync("leader");
        await MentoringTests.Apply(leader, "/mentoring/apply/mentor", "Carers' Mutual Aid Network");
        foreach (var id in MentoringTests.IdsIn(await staff.GetStringAsync("/admin/mentoring?status=Pending"), MentoringTests.ApplicationLink()))
        {
            await HtmlForms.SubmitFormAsync(staff, $"/admin/mentoring/applications/{id}", $"/admin/mentoring/applications/{id}", f => f["Decide.Approve"] = "true");
        }

        // The mentee sees no withdraw form; the mentor and staff do, and staff have the re-pair link.
        Assert.DoesNotContain($"/mentoring/pairs/{pairId}/withdraw", await mentee.GetStringAsync($"/mentoring/pairs/{pairId}"), StringComparison.Ordinal);
        Assert.Contains($"/mentoring/pairs/{pairId}/withdraw", await mentor.GetStringAsync($"/mentoring/pairs/{pairId}"), StringComparison.Ordinal);
        Assert.Contains($"/admin/mentoring/pairs/{pairId}/repair", await staff.GetStringAsync("/admin/mentoring/pairs?filter=open"), StringComparison.Ordinal);

        // Without the confirmation box the re-pair page comes back with a message and what was typed.
        var repair = await HtmlForms.GetAsync(staff, $"/admin/mentoring/pairs/{pairId}/repair");
        var unconfirmed = await HtmlForms.SubmitAsync(staff, RepairForm(repair), f =>
        {
            f["Form.Reason"] = "建議換一位更近的師友 Closer mentor";
            f.Remove("Form.Confirm");
        });
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode); // the form again, with the message
        var again = await unconfirmed.Content.ReadAsStringAsync();
        Assert.Contains("請剔選方格", again, StringComparison.Ordinal);
        Assert.Contains("建議換一位更近的師友 Closer mentor", again, StringComparison.Ordinal);

        var repaired = await HtmlForms.SubmitAsync(staff, RepairForm(HtmlForms.Parse(again)), f => f["Form.Confirm"] = "true");
        Assert.Equal(HttpStatusCode.Redirect, repaired.StatusCode);
        var newPairId = HtmlForms.RedirectId(repaired, MentoringTests.PairLink());
        Assert.NotEqual(pairId, newPairId);
        var oldPage = await mentor.GetStringAsync($"/mentoring/pairs/{pairId}?culture=zh-HK");
        Assert.Contains("已撤回", oldPage, StringComparison.Ordinal);
        Assert.Contains("建議換一位更近的師友 Closer mentor", oldPage, StringComparison.Ordinal);

        // A second submit of the same (now stale) form creates nothing more.
        var twice = await HtmlForms.SubmitAsync(staff, RepairForm(HtmlForms.Parse(again)), f => f["Form.Confirm"] = "true");
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        using (var scope = site.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MentoringDbContext>();
            Assert.Equal(1, await db.Pairs.CountAsync(p => p.Status == PairStatus.Proposed));
        }

        // The new mentor withdraws the proposed pair: the box is required, then it is done.
        var noBox = await HtmlForms.SubmitFormAsync(leader, $"/mentoring/pairs/{newPairId}", "/withdraw", f => { f["Withdraw.Reason"] = "Too busy"; f.Remove("Withdraw.Confirm"); });
        Assert.Equal(HttpStatusCode.BadRequest, noBox.StatusCode); // the form again, with the message
        var shownAgain = HtmlForms.Parse(await noBox.Content.ReadAsStringAsync());
        Assert.Equal("Too busy", HtmlForms.FindForm(shownAgain, "/withdraw").QuerySelector("textarea")!.TextContent);
        var withdrawn = await HtmlForms.SubmitAsync(leader, HtmlForms.FindForm(shownAgain, "/withdraw"), f => f["Withdraw.Confirm"] = "true");
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Contains("已撤回", await mentee.GetStringAsync($"/mentoring/pairs/{newPairId}?culture=zh-HK"), StringComparison.Ordinal);
        Assert.Contains("Withdrawn", await mentee.GetStringAsync($"/mentoring/pairs/{newPairId}?culture=en"), StringComparison.Ordinal);
        mentor.Dispose();
        mentee.Dispose();
        staff.Dispose();
    }

    /// <summary>The re-pair form (the page also has a GET form that updates the suggestions).</summary>
    private static AngleSharp.Html.Dom.IHtmlFormElement RepairForm(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.Forms.Single(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase) && (f.GetAttribute("action") ?? "").EndsWith("/repair", StringComparison.Ordinal));
}

/// <summary>The demo programme on its own site (the flow test above uses the same demo accounts).</summary>
public sealed class MentoringRecipeTests(PortalSite site) : IClassFixture<PortalSite>
{
    [Fact]
    public async Task The_demo_programme_loads_once_however_often_it_runs()
    {
        var executor = site.Services.GetRequiredService<RecipeExecutor>();
        var file = Path.Combine(AppContext.BaseDirectory, "content-recipes", "mentoring.recipe.json");
        await executor.ExecuteAsync(file);
        await executor.ExecuteAsync(file);
        using var scope = site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MentoringDbContext>();
        var statuses = await db.Pairs.Select(p => p.Status).ToListAsync();
        foreach (var status in new[] { PairStatus.Requested, PairStatus.Proposed, PairStatus.Active, PairStatus.Completed, PairStatus.EndedEarly })
        {
            Assert.Contains(status, statuses);
        }

        Assert.True(await db.Meetings.CountAsync() >= 10);
        Assert.True(await db.Goals.CountAsync(g => g.Status == GoalStatus.Achieved) >= 3);
    }
}
