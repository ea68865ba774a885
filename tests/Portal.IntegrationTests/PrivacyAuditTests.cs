using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Academy.Data;
using Portal.Academy.Services;
using Portal.Hosting.Data;
using Portal.IntegrationTests.Infrastructure;
using Portal.Modules;
using Portal.Privacy;

namespace Portal.IntegrationTests;

/// <summary>A module that lands later: it registers its area through the contract only (no host change).</summary>
internal sealed class LateModuleAreas : IAuditedAreaProvider
{
    public const string Records = "casework.records";

    public const string Notes = "casework.notes";

    public IEnumerable<AuditedArea> GetAreas() =>
    [
        new(Records, "Casework records (test module)"),
        new(Notes, "Casework notes (test module)", HealthRelated: true),
    ];
}

/// <summary>The personal-data test site (accounts, the <c>privacy-basics</c> course) plus the test-only module's areas.</summary>
public sealed class PrivacyAuditSite : PersonalDataSite
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddAuditedAreas<LateModuleAreas>());
    }
}

/// <summary>
/// The audit trail of staff access (issue 18): the host's account pages, academy cohorts and a module that lands
/// later record through <see cref="IPersonalDataAccessLog"/>; administrators read and filter the trail at
/// <c>/admin/audit</c> (and as CSV); the person sees it on their account page and in their data export.
/// </summary>
public sealed class PrivacyAuditTests(PrivacyAuditSite site) : IClassFixture<PrivacyAuditSite>
{
    [Fact]
    public async Task An_administrator_opening_and_changing_an_account_is_recorded_and_the_person_sees_it_and_exports_it()
    {
        var partnerId = await site.UserIdAsync("partner");
        using var admin = await site.SignInAsync("admin");
        using var partner = await site.SignInAsync("partner");
        var adminName = await NameAsync("admin");

        var edit = await HtmlForms.GetAsync(admin, $"/admin/users/{partnerId}");
        var saved = await HtmlForms.SubmitAsync(admin, HtmlForms.FindForm(edit, $"/admin/users/{partnerId}"), _ => { });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var entries = await EntriesAboutAsync(partnerId);
        Assert.Contains(entries, e => e.Area == "account.profile" && e.Action == PersonalDataAction.Viewed);
        Assert.Contains(entries, e => e.Area == "account.profile" && e.Action == PersonalDataAction.Changed && e.Item == "details and roles");
        var adminId = await site.UserIdAsync("admin");
        Assert.All(entries, e => Assert.Equal(adminId, e.ActorUserId));

        // The person's account page names who opened their data (both languages).
        var account = WebUtility.HtmlDecode(await HtmlForms.ReadAsync(partner, "/account?culture=en"));
        Assert.Contains("Who opened your data", account, StringComparison.Ordinal);
        Assert.Contains(adminName + " viewed “Account details”", account, StringComparison.Ordinal);
        var accountZh = WebUtility.HtmlDecode(await HtmlForms.ReadAsync(partner, "/account?culture=zh-HK"));
        Assert.Contains("誰曾查閱你的資料", accountZh, StringComparison.Ordinal);
        Assert.Contains(adminName + "查看了「帳戶資料」", accountZh, StringComparison.Ordinal);

        // ...and their data export carries every entry (JSON and CSV).
        using var json = JsonDocument.Parse(await partner.GetByteArrayAsync("/account/export?format=json"));
        var rows = json.RootElement.GetProperty("sections").GetProperty("accessLog").GetProperty("tables").GetProperty("entries").GetProperty("rows").EnumerateArray().ToList();
        Assert.True(rows.Count >= 2);
        Assert.All(rows, r => Assert.Equal(adminName, r.GetProperty("staff").GetString()));
        var csv = Encoding.UTF8.GetString(await partner.GetByteArrayAsync("/account/export?format=csv"));
        Assert.Contains("accessLog,entries,1,staff," + adminName, csv, StringComparison.Ordinal);

        // The administrator's own account page records nothing about themselves.
        await HtmlForms.ReadAsync(admin, $"/admin/users/{adminId}");
        Assert.Empty(await EntriesAboutAsync(adminId));
    }

    [Fact]
    public async Task The_admin_audit_page_filters_by_person_actor_area_and_dates_pages_and_exports_csv()
    {
        var leaderId = await site.UserIdAsync("leader");
        using var admin = await site.SignInAsync("admin");
        await HtmlForms.ReadAsync(admin, $"/admin/users/{leaderId}");

        var page = WebUtility.HtmlDecode(await HtmlForms.ReadAsync(admin, "/admin/audit?culture=en&person=leader&area=account.profile"));
        Assert.Contains("Audit trail", page, StringComparison.Ordinal);
        Assert.Contains(await NameAsync("leader"), page, StringComparison.Ordinal);
        Assert.Contains("Account details: Viewed", page, StringComparison.Ordinal);

        // Another actor, another area or a day before today finds nothing.
        Assert.Contains("0 entries found.", WebUtility.HtmlDecode(await HtmlForms.ReadAsync(admin, "/admin/audit?culture=en&person=leader&actor=staff")), StringComparison.Ordinal);
        Assert.Contains("0 entries found.", WebUtility.HtmlDecode(await HtmlForms.ReadAsync(admin, "/admin/audit?culture=en&person=leader&area=" + LateModuleAreas.Records)), StringComparison.Ordinal);
        Assert.Contains("0 entries found.", WebUtility.HtmlDecode(await HtmlForms.ReadAsync(admin, "/admin/audit?culture=en&person=leader&to=2020-01-01")), StringComparison.Ordinal);
        var today = Portal.Globalization.PortalCultures.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain(">0 entries found.", await HtmlForms.ReadAsync(admin, $"/admin/audit?culture=en&person=leader&from={today}&to={today}"), StringComparison.Ordinal);

        // Bad filters come back with a message in the reader's language and what was typed, never a 500.
        var bad = await admin.GetAsync("/admin/audit?culture=zh-HK&from=31/12/2026&to=2026-01-01&area=nope&person=leader");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("請以「年-月-日」格式輸入日期", badHtml, StringComparison.Ordinal);
        Assert.Contains("請從清單中選擇範疇", badHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"31/12/2026\"", badHtml, StringComparison.Ordinal);
        var reversed = WebUtility.HtmlDecode(await HtmlForms.ReadAsync(admin, "/admin/audit?culture=en&from=2026-12-31&to=2026-01-01"));
        Assert.Contains("The end date is before the start date.", reversed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync("/admin/audit.csv?from=nonsense")).StatusCode);

        // CSV: a header, the entry, formulas guarded.
        using var file = await admin.GetAsync("/admin/audit.csv?person=leader");
        Assert.Equal("text/csv", file.Content.Headers.ContentType?.MediaType);
        var csv = Encoding.UTF8.GetString(await file.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time,actor,actorUserId,person,personUserId,area,action,reason,item", lines[0]);
        Assert.Contains(lines, l => l.Contains("," + leaderId + ",", StringComparison.Ordinal));

        // Paging: more than a page of entries gives page links that keep the filter.
        await RecordAsync(new PersonalDataAccess(await site.UserIdAsync("admin"), [.. Enumerable.Range(0, 60).Select(i => "gone-" + i)], LateModuleAreas.Records, PersonalDataAction.Viewed));
        var paged = await HtmlForms.ReadAsync(admin, "/admin/audit?area=" + LateModuleAreas.Records);
        Assert.Contains("area=casework.records&amp;page=2", paged, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/audit?area=" + LateModuleAreas.Records + "&page=99")).StatusCode);

        // Staff cannot read the trail.
        using var staff = await site.SignInAsync("staff");
        var refused = await staff.GetAsync("/admin/audit");
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect);
        Assert.Contains("access-denied", refused.Headers.Location?.ToString() ?? "access-denied", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_opening_and_downloading_a_cohort_report_is_recorded_for_each_learner()
    {
        var memberId = await site.UserIdAsync("mentor");
        long cohortId;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var academy = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
            var courseId = await academy.Courses.Where(c => c.Slug == "privacy-basics").Select(c => c.Id).SingleAsync();
            var admin = scope.ServiceProvider.GetRequiredService<AcademyAdminService>();
            var cohort = await admin.CreateCohortAsync(courseId, "Audit cohort " + Guid.NewGuid().ToString("N")[..6], new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31));
            await admin.BulkEnrolAsync(cohort, "mentor");
            cohortId = cohort.Id;
        }

        using var staff = await site.SignInAsync("staff");
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/admin/academy/cohorts/{cohortId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/admin/academy/cohorts/{cohortId}/report.csv")).StatusCode);

        var staffId = await site.UserIdAsync("staff");
        var entries = (await EntriesAboutAsync(memberId)).Where(e => e.Area == "academy.enrolments").ToList();
        Assert.Contains(entries, e => e.Action == PersonalDataAction.Viewed && e.ActorUserId == staffId && e.Item == $"cohort {cohortId} report");
        Assert.Contains(entries, e => e.Action == PersonalDataAction.Exported && e.ActorUserId == staffId);
    }

    [Fact]
    public async Task Staff_enrolling_a_person_opening_the_certificate_register_and_revoking_a_certificate_are_recorded()
    {
        // A person of this test's own (the shared accounts' entries are counted by other tests).
        var learner = "learner-" + Guid.NewGuid().ToString("N")[..8];
        var memberId = await CreateAccountAsync(learner);
        var staffId = await site.UserIdAsync("staff");
        long cohortId;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var academy = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
            var courseId = await academy.Courses.Where(c => c.Slug == "privacy-basics").Select(c => c.Id).SingleAsync();
            var admin = scope.ServiceProvider.GetRequiredService<AcademyAdminService>();
            cohortId = (await admin.CreateCohortAsync(courseId, "Enrol audit " + Guid.NewGuid().ToString("N")[..6], new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31))).Id;
        }

        using var staff = await site.SignInAsync("staff");
        var token = await AntiforgeryAsync(staff);
        using (var enrol = await staff.PostAsync($"/admin/academy/cohorts/{cohortId}/enrol", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["people"] = learner,
        })))
        {
            Assert.Equal(HttpStatusCode.Redirect, enrol.StatusCode);
        }

        var code = await IssueCertificateAsync(memberId);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/admin/academy/certificates?q=" + Uri.EscapeDataString(code))).StatusCode);
        using (var revoke = await staff.PostAsync($"/admin/academy/certificates/{code}/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["reason"] = "Issued in error",
        })))
        {
            Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        }

        var entries = (await EntriesAboutAsync(memberId)).Where(e => e.ActorUserId == staffId).ToList();
        Assert.Contains(entries, e => e.Area == "academy.enrolments" && e.Action == PersonalDataAction.Changed && e.Item == $"cohort {cohortId} enrol");
        Assert.Contains(entries, e => e.Area == "academy.certificates" && e.Action == PersonalDataAction.Viewed && e.Item == "certificate search");
        Assert.Contains(entries, e => e.Area == "academy.certificates" && e.Action == PersonalDataAction.Changed && e.Item == "certificate revoked");

        // The person reads it on their account page, under the area's own name.
        using var member = await site.SignInAsync(learner);
        var account = WebUtility.HtmlDecode(await HtmlForms.ReadAsync(member, "/account?culture=en"));
        Assert.Contains("Training certificates and the names on them", account, StringComparison.Ordinal);
    }

    private async Task<string> CreateAccountAsync(string userName)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Hosting.Identity.PortalUser>>();
        var user = new Portal.Hosting.Identity.PortalUser { UserName = userName, Email = userName + "@example.org", EmailConfirmed = true, DisplayName = "Audit learner" };
        scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Portal.Hosting.Privacy.PrivacyNoticeOptions>>().Value.Accept(user, DateTimeOffset.UtcNow);
        var created = await users.CreateAsync(user, PortalSite.Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        return user.Id;
    }

    private async Task<string> IssueCertificateAsync(string userId)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var learning = scope.ServiceProvider.GetRequiredService<LearningService>();
        var view = (await learning.GetCourseViewAsync("privacy-basics", userId))!;
        var ratings = Portal.Academy.Models.Enrolment.AllCompetencies.ToDictionary(c => c, _ => 3);
        await learning.RecordAssessmentAsync(view.Enrolment!, view.Course, Portal.Academy.Models.AssessmentStage.Pre, ratings);
        foreach (var lesson in view.Course.OrderedLessons)
        {
            await learning.CompleteLessonAsync(view.Enrolment!, lesson);
        }

        await learning.RecordAssessmentAsync(view.Enrolment!, view.Course, Portal.Academy.Models.AssessmentStage.Post, ratings.ToDictionary(r => r.Key, _ => 4));
        return (await learning.IssueCertificateAsync(view.Enrolment!, view.Course, "陳小文", "Chan Siu Man", Portal.Academy.Models.HolderNameChoice.Both)).Code;
    }

    [Fact]
    public async Task A_module_that_lands_later_records_through_the_contract_and_the_contract_guards_its_rules()
    {
        var memberId = await site.UserIdAsync("member");
        var staffId = await site.UserIdAsync("staff");
        await RecordAsync(new PersonalDataAccess(staffId, memberId, LateModuleAreas.Notes, PersonalDataAction.Viewed, "Agreed follow-up call", "case 7"));

        // Self-access is not recorded; an unknown area and health data without a reason are programming errors.
        await RecordAsync(new PersonalDataAccess(memberId, memberId, LateModuleAreas.Records, PersonalDataAction.Viewed));
        await Assert.ThrowsAsync<InvalidOperationException>(() => RecordAsync(new PersonalDataAccess(staffId, memberId, "nobody.registered", PersonalDataAction.Viewed)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => RecordAsync(new PersonalDataAccess(staffId, memberId, LateModuleAreas.Notes, PersonalDataAction.Viewed)));

        var entries = await EntriesAboutAsync(memberId);
        var entry = Assert.Single(entries);
        Assert.Equal((staffId, LateModuleAreas.Notes, "Agreed follow-up call", "case 7"), (entry.ActorUserId, entry.Area, entry.Reason, entry.Item));

        using var member = await site.SignInAsync("member");
        var account = WebUtility.HtmlDecode(await HtmlForms.ReadAsync(member, "/account?culture=en"));
        Assert.Contains("“Casework notes (test module)”", account, StringComparison.Ordinal);
        Assert.Contains("Reason: Agreed follow-up call", account, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await member.GetByteArrayAsync("/account/export?format=json"));
        var row = json.RootElement.GetProperty("sections").GetProperty("accessLog").GetProperty("tables").GetProperty("entries").GetProperty("rows")[0];
        Assert.Equal("Casework notes (test module)", row.GetProperty("area").GetString());
        Assert.Equal("Agreed follow-up call", row.GetProperty("reason").GetString());

        using var admin = await site.SignInAsync("admin");
        Assert.Contains("Casework notes (test module)", await HtmlForms.ReadAsync(admin, "/admin/audit?area=" + LateModuleAreas.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reason_prompt_refuses_an_empty_reason_and_a_foreign_return_address()
    {
        using var staff = await site.SignInAsync("staff");
        var token = await AntiforgeryAsync(staff);
        var empty = await staff.PostAsync("/privacy/reason?culture=en", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["area"] = LateModuleAreas.Notes, ["scope"] = "casework:1", ["returnUrl"] = "/account", ["reason"] = "  ",
        }));
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("Write why you need to open this information.", WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var foreign = await staff.PostAsync("/privacy/reason", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["area"] = LateModuleAreas.Notes, ["scope"] = "casework:1", ["returnUrl"] = "https://example.com/", ["reason"] = "why",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);

        var given = await staff.PostAsync("/privacy/reason", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["area"] = LateModuleAreas.Notes, ["scope"] = "casework:1", ["returnUrl"] = "/account", ["reason"] = "Case review",
        }));
        Assert.Equal(HttpStatusCode.Redirect, given.StatusCode);
        Assert.Equal("/account", given.Headers.Location?.OriginalString);
        Assert.Contains(given.Headers.GetValues("Set-Cookie"), c => c.StartsWith("portal-access-reason=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<string> AntiforgeryAsync(HttpClient client)
    {
        var page = await HtmlForms.GetAsync(client, "/account");
        return page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }

    private async Task<string> NameAsync(string userName)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<Portal.People.IPersonDirectory>().FindByUserNameAsync(userName))!.DisplayName;
    }

    private async Task RecordAsync(PersonalDataAccess access)
    {
        await using var scope = site.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IPersonalDataAccessLog>().RecordAsync(access);
    }

    private async Task<List<Portal.Hosting.Privacy.AuditEntry>> EntriesAboutAsync(string userId)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HostDbContext>().AuditEntries.AsNoTracking().Where(a => a.SubjectUserId == userId).OrderBy(a => a.Id).ToListAsync();
    }
}
