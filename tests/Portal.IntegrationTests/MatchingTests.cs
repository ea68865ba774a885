using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;
using Portal.Matching.Data;
using Portal.Matching.Models;
using Portal.Search;

namespace Portal.IntegrationTests;

/// <summary>
/// Partner matching on the real host, on SQLite and on PostgreSQL: the whole life of a match through the pages
/// (contacts hidden until both sides said yes), two answers at the same moment (one wins, the other is told), the
/// search feed (a public summary without the group's contacts), bad input that keeps what was typed, and the demo
/// recipe loading twice without duplicates.
/// </summary>
public abstract partial class MatchingTests<TSite>(TSite site) : IClassFixture<TSite> where TSite : PortalSite
{
    private const string GroupEmail = "secret.contact@stroke-group.test";
    private const string GroupPhone = "2999 0001";
    private const string PartnerEmail = "ada.private@accountants.test";
    private const string PartnerPhone = "9888 7777";

    protected TSite Site { get; } = site;

    private static string Tomorrow(int days = 30) =>
        DateTime.UtcNow.AddHours(8).Date.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task SaveOrganisationAsync(HttpClient leader)
    {
        var response = await HtmlForms.SubmitFormAsync(leader, "/partners/organisation", "/partners/organisation", f =>
        {
            f["NameZh"] = "測試中風互助會";
            f["NameEn"] = "Test Stroke Mutual Aid";
            f["Conditions"] = "stroke";
            f["District"] = "kwun-tong";
            f["Size"] = "120";
            f["YearFounded"] = "2001";
            f["ContactName"] = "Chair Wong";
            f["ContactEmail"] = GroupEmail;
            f["ContactPhone"] = GroupPhone;
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static async Task SavePartnerAsync(HttpClient partner)
    {
        var response = await HtmlForms.SubmitFormAsync(partner, "/partners/profile", "/partners/profile", f =>
        {
            f["Type"] = "professional-volunteer";
            f["DisplayName"] = "Ada Accountant";
            f["Skills"] = "accounts";
            f["Districts"] = "kwun-tong";
            f["Languages"] = "yue";
            f["Causes"] = "stroke";
            f["HoursPerMonth"] = "6";
            f["OnSite"] = "true";
            f["Remote"] = "true";
            f["ContactEmail"] = PartnerEmail;
            f["ContactPhone"] = PartnerPhone;
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task The_time_a_need_asks_for_reads_in_the_singular_for_one()
    {
        // Issue 15: "1 hours a month for 1 month(s)" read wrongly in English; Chinese reads the same for one or many.
        var leader = await Site.SignInAsync("leader");
        await SaveOrganisationAsync(leader);
        var needId = await PostNeedAsync(leader, "One hour for one month " + Guid.NewGuid().ToString("N")[..6], hoursPerMonth: 1, months: 1);
        Assert.Contains("About 1 hour a month for 1 month</dd>", await ReadAsync(leader, $"/partners/needs/{needId}?culture=en"), StringComparison.Ordinal);
        Assert.Contains("每月約 1 小時，為期 1 個月</dd>", await ReadAsync(leader, $"/partners/needs/{needId}?culture=zh-HK"), StringComparison.Ordinal);

        var many = await PostNeedAsync(leader, "Four hours for two months " + Guid.NewGuid().ToString("N")[..6]);
        Assert.Contains("About 4 hours a month for 2 months</dd>", await ReadAsync(leader, $"/partners/needs/{many}?culture=en"), StringComparison.Ordinal);
    }

    private static async Task<long> PostNeedAsync(HttpClient leader, string title, int hoursPerMonth = 4, int months = 2)
    {
        var response = await HtmlForms.SubmitFormAsync(leader, "/partners/needs/new", "/partners/needs", f =>
        {
            f["Form.Area"] = "accounts";
            f["Form.Title"] = title;
            f["Form.Description"] = "Help our volunteer treasurer close the yearly accounts before the audit.";
            f["Form.HoursPerMonth"] = hoursPerMonth.ToString(System.Globalization.CultureInfo.InvariantCulture);
            f["Form.Months"] = months.ToString(System.Globalization.CultureInfo.InvariantCulture);
            f["Form.Deadline"] = Tomorrow();
            f["Form.Mode"] = "Either";
            f["Form.Language"] = "yue";
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return HtmlForms.RedirectId(response, NeedLink());
    }

    private async Task<(HttpClient Leader, HttpClient Partner, HttpClient Staff, long NeedId, long MatchId)> OfferAsync(string title)
    {
        var leader = await Site.SignInAsync("leader");
        var partner = await Site.SignInAsync("partner");
        var staff = await Site.SignInAsync("staff");
        await SaveOrganisationAsync(leader);
        await SavePartnerAsync(partner);
        var needId = await PostNeedAsync(leader, title);

        var suggestions = await ReadAsync(partner, "/partners/suggestions?culture=en");
        Assert.Contains(title, suggestions, StringComparison.Ordinal);
        Assert.Contains("Offers the help asked for", suggestions, StringComparison.Ordinal);

        var offered = await HtmlForms.SubmitFormAsync(partner, $"/partners/needs/{needId}", "/interest", f => f["message"] = "Weekday evenings suit me.");
        Assert.Equal(HttpStatusCode.Redirect, offered.StatusCode);
        var matchId = HtmlForms.RedirectId(offered, MatchLink());
        return (leader, partner, staff, needId, matchId);
    }

    private static async Task<string> ReadAsync(HttpClient client, string url) => WebUtility.HtmlDecode(await HtmlForms.ReadAsync(client, url));

    private static void AssertNoContacts(string html)
    {
        foreach (var secret in new[] { GroupEmail, GroupPhone, PartnerEmail, PartnerPhone })
        {
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_match_goes_from_offer_to_feedback_and_contacts_show_only_once_both_said_yes()
    {
        var (leader, partner, staff, needId, matchId) = await OfferAsync("Close the yearly accounts " + Guid.NewGuid().ToString("N")[..6]);

        // Before the group answers, neither side sees the other's contacts, and the group sees the partner among the suggestions' offers.
        AssertNoContacts(await ReadAsync(partner, $"/partners/matches/{matchId}"));
        AssertNoContacts(await ReadAsync(leader, $"/partners/matches/{matchId}"));
        AssertNoContacts(await ReadAsync(partner, $"/partners/needs/{needId}"));

        // Another person cannot reach the match at all; an anonymous visitor sees the need's public summary only.
        using var member = await Site.SignInAsync("member");
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/partners/matches/{matchId}")).StatusCode);
        using var anonymous = Site.CreateBrowser();
        var publicNeed = await ReadAsync(anonymous, $"/partners/needs/{needId}");
        AssertNoContacts(publicNeed);
        Assert.Contains("Test Stroke Mutual Aid", await ReadAsync(anonymous, $"/partners/needs/{needId}?culture=en"), StringComparison.Ordinal);

        // The group says yes: both sides now see each other's contacts.
        var matchPage = await HtmlForms.GetAsync(leader, $"/partners/matches/{matchId}");
        var answered = await HtmlForms.SubmitAsync(leader, HtmlForms.FindForm(matchPage, "/answer"), _ => { }, "accept", "true");
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Contains(GroupEmail, await ReadAsync(partner, $"/partners/matches/{matchId}"), StringComparison.Ordinal);
        Assert.Contains(PartnerPhone, await ReadAsync(leader, $"/partners/matches/{matchId}"), StringComparison.Ordinal);

        // A second "yes" from an old page is refused with a message, not a 500.
        var again = await HtmlForms.SubmitAsync(leader, HtmlForms.FindForm(matchPage, "/answer"), _ => { }, "accept", "true");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);

        // Staff introduce both sides; either side says the work has started.
        Assert.Equal(HttpStatusCode.Redirect, (await HtmlForms.SubmitFormAsync(staff, $"/partners/matches/{matchId}", "/introduce")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await HtmlForms.SubmitFormAsync(partner, $"/partners/matches/{matchId}", "/start")).StatusCode);

        // Feedback from the partner completes the match and meets the need; the group adds its own.
        var feedback = await HtmlForms.SubmitFormAsync(partner, $"/partners/matches/{matchId}", "/feedback", f =>
        {
            f["outcome"] = "Books closed, audit passed.";
            f["rating"] = "5";
            f["hours"] = "14";
        });
        Assert.Equal(HttpStatusCode.Redirect, feedback.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await HtmlForms.SubmitFormAsync(leader, $"/partners/matches/{matchId}", "/feedback", f =>
        {
            f["outcome"] = "Our treasurer can now keep the books.";
            f["rating"] = "5";
            f["hours"] = "12";
        })).StatusCode);

        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
            var match = await db.Matches.AsNoTracking().SingleAsync(m => m.Id == matchId);
            Assert.Equal(MatchStatus.Completed, match.Status);
            Assert.Equal(14, match.HoursGiven);
            Assert.NotNull(match.GroupFeedbackUtc);
            Assert.Equal(NeedStatus.Met, (await db.Needs.AsNoTracking().SingleAsync(n => n.Id == needId)).Status);
        }

        // The network page and its CSV count it.
        var network = await ReadAsync(staff, "/admin/partners?culture=en");
        Assert.Contains("Partners by type, against the targets", network, StringComparison.Ordinal);
        Assert.Contains("<svg", network, StringComparison.Ordinal);
        using var csv = await staff.GetAsync("/admin/partners/matches.csv?culture=en");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains("Close the yearly accounts", text, StringComparison.Ordinal);
        AssertNoContacts(text);
    }

    [Fact]
    public async Task Staff_broker_a_match_by_hand_and_the_group_is_told_to_answer()
    {
        using var leader = await Site.SignInAsync("leader");
        using var partner = await Site.SignInAsync("partner");
        using var staff = await Site.SignInAsync("staff");
        await SaveOrganisationAsync(leader);
        await SavePartnerAsync(partner);
        var title = "Brokered by hand " + Guid.NewGuid().ToString("N")[..6];
        var needId = await PostNeedAsync(leader, title);
        long partnerId;
        string leaderId, staffId;
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            partnerId = await scope.ServiceProvider.GetRequiredService<MatchingDbContext>().Partners.Where(p => p.DisplayName == "Ada Accountant").Select(p => p.Id).SingleAsync();
            var users = scope.ServiceProvider.GetRequiredService<Portal.Hosting.Data.HostDbContext>().Users;
            leaderId = await users.Where(u => u.UserName == "leader").Select(u => u.Id).SingleAsync();
            staffId = await users.Where(u => u.UserName == "staff").Select(u => u.Id).SingleAsync();
        }

        // The broker page for the need lists every partner; staff choose one and make the match.
        var page = await HtmlForms.GetAsync(staff, $"/admin/partners/broker?needId={needId}&culture=en");
        var form = page.Forms.Single(f => f.QuerySelector("select[name=partnerId]") is not null);
        Assert.NotNull(form.QuerySelector($"select[name=partnerId] option[value='{partnerId}']"));
        var brokered = await HtmlForms.SubmitAsync(staff, form, f => f["partnerId"] = partnerId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.Redirect, brokered.StatusCode);
        var matchId = HtmlForms.RedirectId(brokered, MatchLink());

        // A second press of the same form lands on the same match.
        var again = await HtmlForms.SubmitAsync(staff, form, f => f["partnerId"] = partnerId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(brokered.Headers.Location, again.Headers.Location);

        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var match = await scope.ServiceProvider.GetRequiredService<MatchingDbContext>().Matches.AsNoTracking().SingleAsync(m => m.NeedId == needId);
            Assert.Equal(matchId, match.Id);
            Assert.Equal(partnerId, match.PartnerId);
            Assert.Equal(MatchStatus.Interested, match.Status);
            Assert.Equal(staffId, match.BrokeredByUserId);
            Assert.True(match.RespondByUtc > DateTimeOffset.UtcNow.AddDays(4));

            // The group's leader is told in the portal (the same notification as a partner's own offer), once.
            var told = await scope.ServiceProvider.GetRequiredService<Portal.Hosting.Data.HostDbContext>().Database.SqlQuery<int>(
                $"SELECT COUNT(*) AS \"Value\" FROM \"ntf_InAppNotifications\" WHERE \"Kind\" = 'matching.interest-received' AND \"UserId\" = {leaderId} AND \"Url\" LIKE {"%/partners/matches/" + matchId}").SingleAsync();
            Assert.Equal(1, told);
        }

        var notifications = await ReadAsync(leader, "/notifications");
        Assert.Contains("Ada Accountant", notifications, StringComparison.Ordinal);
        Assert.Contains(title, notifications, StringComparison.Ordinal);

        // The group answers the brokered match as any other; a member outside it cannot broker.
        var matchPage = await ReadAsync(leader, $"/partners/matches/{matchId}");
        Assert.Contains("/answer", matchPage, StringComparison.Ordinal);

        // Both sides find it on their partners page; a member who is neither a group's leader nor a partner has none.
        Assert.Contains($"/partners/matches/{matchId}", await ReadAsync(leader, "/partners"), StringComparison.Ordinal);
        Assert.Contains($"/partners/matches/{matchId}", await ReadAsync(partner, "/partners"), StringComparison.Ordinal);
        using var member = await Site.SignInAsync("member");
        Assert.DoesNotContain("/partners/matches/", await ReadAsync(member, "/partners"), StringComparison.Ordinal);
        var token = (await HtmlForms.GetAsync(member, "/partners")).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";
        using var refused = await member.PostAsync("/admin/partners/broker", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["needId"] = needId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["partnerId"] = partnerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("/partners/matches/", refused.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<MatchingDbContext>().Matches.CountAsync(m => m.NeedId == needId));
        }
    }

    [Fact]
    public async Task Two_answers_at_the_same_moment_one_wins_and_the_other_is_told_in_plain_words()
    {
        var (leader, _, staff, _, matchId) = await OfferAsync("Two answers at once " + Guid.NewGuid().ToString("N")[..6]);
        var leaderPage = await HtmlForms.GetAsync(leader, $"/partners/matches/{matchId}?culture=en");
        var staffPage = await HtmlForms.GetAsync(staff, $"/partners/matches/{matchId}?culture=en");
        var responses = await Task.WhenAll(
            HtmlForms.SubmitAsync(leader, HtmlForms.FindForm(leaderPage, "/answer"), _ => { }, "accept", "true"),
            HtmlForms.SubmitAsync(staff, HtmlForms.FindForm(staffPage, "/answer"), _ => { }, "accept", "false"));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        var loser = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.BadRequest);
        var body = WebUtility.HtmlDecode(await loser.Content.ReadAsStringAsync());
        Assert.True(body.Contains("有人在同一時間處理了這個配對", StringComparison.Ordinal) || body.Contains("Someone else acted on this match at the same moment", StringComparison.Ordinal), body);

        await using var scope = Site.Services.CreateAsyncScope();
        var match = await scope.ServiceProvider.GetRequiredService<MatchingDbContext>().Matches.AsNoTracking().SingleAsync(m => m.Id == matchId);
        Assert.Contains(match.Status, new[] { MatchStatus.Accepted, MatchStatus.Declined });
        Assert.Equal(1, match.Version);
    }

    [Fact]
    public async Task A_visitor_learns_what_the_scheme_is_sees_the_newest_open_needs_and_is_offered_sign_in_never_anyones_contacts()
    {
        var title = "Landing page need " + Guid.NewGuid().ToString("N")[..6];
        using (var leader = await Site.SignInAsync("leader"))
        {
            await SaveOrganisationAsync(leader);
            await PostNeedAsync(leader, title);
        }

        using var visitor = Site.CreateBrowser();
        foreach (var (culture, heading, signIn) in new[] { ("en", "How it works", "Sign in to take part"), ("zh-HK", "運作方式", "登入參與") })
        {
            using var response = await visitor.GetAsync($"/partners?culture={culture}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.Contains(heading, html, StringComparison.Ordinal);
            Assert.Contains(signIn, html, StringComparison.Ordinal);
            Assert.Contains("/account/sign-in?returnUrl=%2Fpartners", html, StringComparison.Ordinal);
            Assert.Contains(title, html, StringComparison.Ordinal);
            // An English title on the Chinese page is marked as English for screen readers (WCAG 3.1.2).
            Assert.Equal(culture == "en" ? 0 : 1, Regex.Count(html, $"lang=\"en\">{Regex.Escape(title)}<"));
            AssertNoContacts(html);
            Assert.DoesNotContain("Chair Wong", html, StringComparison.Ordinal);
        }

        // A signed-in member sees their own page, not the landing.
        using var member = await Site.SignInAsync("partner");
        var own = await ReadAsync(member, "/partners?culture=en");
        Assert.Contains("Your matches", own, StringComparison.Ordinal);
        Assert.DoesNotContain("Sign in to take part", own, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_search_feed_carries_the_public_summary_and_never_the_groups_contacts()
    {
        var title = "Searchable bookkeeping need " + Guid.NewGuid().ToString("N")[..6];
        using var leader = await Site.SignInAsync("leader");
        await SaveOrganisationAsync(leader);
        var needId = await PostNeedAsync(leader, title);

        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var source = scope.ServiceProvider.GetServices<ISearchDocumentSource>().Single(s => s.Source == "partner-need");
            foreach (var culture in new[] { "zh-HK", "en" })
            {
                var document = await source.GetAsync($"{needId}:{culture}");
                Assert.NotNull(document);
                Assert.Equal(title, document.Title);
                Assert.Equal($"/partners/needs/{needId}", document.Url);
                AssertNoContacts(document.Body);
                Assert.DoesNotContain("Chair Wong", document.Body, StringComparison.Ordinal);
            }
        }

        // And through the real search, once the index has caught up.
        using var anonymous = Site.CreateBrowser();
        string json = "";
        for (var i = 0; i < 80 && !json.Contains(title, StringComparison.Ordinal); i++)
        {
            await Task.Delay(250);
            using var response = await anonymous.GetAsync("/api/search?q=" + Uri.EscapeDataString("bookkeeping") + "&culture=en");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            json = await response.Content.ReadAsStringAsync();
        }

        Assert.Contains(title, json, StringComparison.Ordinal);
        AssertNoContacts(json);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_message_keeps_what_was_typed_and_never_a_500()
    {
        using var leader = await Site.SignInAsync("leader");
        await SaveOrganisationAsync(leader);
        var form = HtmlForms.FindForm(await HtmlForms.GetAsync(leader, "/partners/needs/new?culture=en"), "/partners/needs");

        var past = await HtmlForms.SubmitAsync(leader, form, f =>
        {
            f["Form.Area"] = "legal";
            f["Form.Title"] = "Constitution review kept";
            f["Form.Description"] = "Please keep this text.";
            f["Form.Deadline"] = "2001-01-01";
        });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        var pastBody = WebUtility.HtmlDecode(await past.Content.ReadAsStringAsync());
        Assert.Contains("日期已過", pastBody, StringComparison.Ordinal);
        Assert.Contains("Constitution review kept", pastBody, StringComparison.Ordinal);
        Assert.Contains("Please keep this text.", pastBody, StringComparison.Ordinal);

        var tooLong = await HtmlForms.SubmitAsync(leader, form, f =>
        {
            f["Form.Area"] = "legal";
            f["Form.Title"] = "Long one";
            f["Form.Description"] = new string('字', 2001);
            f["Form.Deadline"] = Tomorrow();
        });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("描述請少於 2,000 字", WebUtility.HtmlDecode(await tooLong.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var letters = await HtmlForms.SubmitAsync(leader, form, f =>
        {
            f["Form.Area"] = "legal";
            f["Form.Title"] = "Letters in numbers";
            f["Form.Description"] = "x";
            f["Form.HoursPerMonth"] = "four";
            f["Form.Deadline"] = "not a date";
        });
        Assert.Equal(HttpStatusCode.BadRequest, letters.StatusCode);
        var lettersBody = WebUtility.HtmlDecode(await letters.Content.ReadAsStringAsync());
        Assert.Contains("請檢查你輸入的數字及日期", lettersBody, StringComparison.Ordinal);
        Assert.Contains("value=\"four\"", lettersBody, StringComparison.Ordinal);

        // A stale profile form (someone saved in between) is refused; what was typed stays.
        var first = HtmlForms.FindForm(await HtmlForms.GetAsync(leader, "/partners/organisation"), "/partners/organisation");
        await SaveOrganisationAsync(leader);
        var stale = await HtmlForms.SubmitAsync(leader, first, f => { f["NameEn"] = "Typed before the other save"; f["District"] = "kwun-tong"; f["ContactPhone"] = GroupPhone; });
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        var staleBody = WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync());
        Assert.Contains("有人剛修改了這項資料", staleBody, StringComparison.Ordinal);
        Assert.Contains("Typed before the other save", staleBody, StringComparison.Ordinal);

    }

    [Fact]
    public async Task A_double_submit_makes_one_need_and_one_offer()
    {
        using var leader = await Site.SignInAsync("leader");
        await SaveOrganisationAsync(leader);
        var title = "Double click " + Guid.NewGuid().ToString("N")[..6];
        var form = HtmlForms.FindForm(await HtmlForms.GetAsync(leader, "/partners/needs/new"), "/partners/needs");
        void Fill(Dictionary<string, string> f)
        {
            f["Form.Area"] = "it";
            f["Form.Title"] = title;
            f["Form.Description"] = "A simple sign-up form.";
            f["Form.Deadline"] = Tomorrow();
        }

        var one = await HtmlForms.SubmitAsync(leader, form, Fill);
        var two = await HtmlForms.SubmitAsync(leader, form, Fill);
        Assert.Equal(one.Headers.Location, two.Headers.Location);

        using var partner = await Site.SignInAsync("partner");
        await SavePartnerAsync(partner);
        await HtmlForms.SubmitFormAsync(partner, "/partners/profile", "/partners/profile", f => { f["Skills"] = "it"; f["Remote"] = "true"; });
        var needPage = await HtmlForms.FollowAsync(partner, one);
        var offers = await Task.WhenAll(
            HtmlForms.SubmitAsync(partner, HtmlForms.FindForm(needPage, "/interest")),
            HtmlForms.SubmitAsync(partner, HtmlForms.FindForm(needPage, "/interest")));
        Assert.All(offers, o => Assert.Equal(HttpStatusCode.Redirect, o.StatusCode));
        Assert.Equal(offers[0].Headers.Location, offers[1].Headers.Location);

        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
        var need = await db.Needs.AsNoTracking().SingleAsync(n => n.Title == title);
        Assert.Equal(1, await db.Matches.CountAsync(m => m.NeedId == need.Id));
        await SavePartnerAsync(partner); // back to the accounts profile the other tests expect
    }

    [Fact]
    public async Task The_demo_recipe_loads_matches_at_every_stage_once_however_often_it_runs()
    {
        var executor = Site.Services.GetRequiredService<RecipeExecutor>();
        var users = Path.Combine(AppContext.BaseDirectory, "content-recipes", "demo-users.recipe.json");
        var file = Path.Combine(AppContext.BaseDirectory, "content-recipes", "matching.recipe.json");
        await executor.ExecuteAsync(users);
        await executor.ExecuteAsync(file);
        await executor.ExecuteAsync(file);

        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
        var stages = await db.Matches.AsNoTracking().Select(m => m.Status).Distinct().ToListAsync();
        Assert.Equal(Enum.GetValues<MatchStatus>().Order(), stages.Order());
        Assert.Equal(1, await db.Organisations.CountAsync(o => o.NameZh == "罕見病家長網絡"));
        var types = await db.Partners.AsNoTracking().Select(p => p.Type).Distinct().ToListAsync();
        Assert.Equal(Vocabulary.PartnerTypes.Select(t => t.Slug).Order(), types.Order());
    }

    [GeneratedRegex(@"/partners/needs/(\d+)")]
    private static partial Regex NeedLink();

    [GeneratedRegex(@"/partners/matches/(\d+)")]
    private static partial Regex MatchLink();
}

public sealed class SqliteMatchingTests(PortalSite site) : MatchingTests<PortalSite>(site);

[Collection(PostgresCollection.Name)]
public sealed class PostgresMatchingTests(PostgresPortalSite site) : MatchingTests<PostgresPortalSite>(site);
