using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Academy.Models;
using Portal.Academy.Services;
using Portal.Hosting.Identity;
using Portal.IntegrationTests.Infrastructure;
using Portal.Privacy;

namespace Portal.IntegrationTests;

/// <summary>The test accounts plus one small course (<c>privacy-basics</c>).</summary>
public class PersonalDataSite : PortalSite
{
    public PersonalDataSite()
        : base(new Dictionary<string, string?>
        {
            ["Portal:SetupRecipe"] = Path.Combine(AppContext.BaseDirectory, "recipes", "personal-data.recipe.json"),
        })
    {
    }

    public async Task<string> UserIdAsync(string userName)
    {
        using var scope = Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByNameAsync(userName);
        return user?.Id ?? throw new InvalidOperationException($"No account {userName}.");
    }

    /// <summary>Rows of a table (prefix <c>acad_</c>, <c>ntf_</c>…) whose user column holds the id.</summary>
    public long CountRows(string table, string column, string userId)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDir, "portal.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\" WHERE \"{column}\" = $id";
        command.Parameters.AddWithValue("$id", userId);
        return (long)command.ExecuteScalar()!;
    }
}

public sealed class PersonalDataTests(PersonalDataSite site) : IClassFixture<PersonalDataSite>
{
    private const string Course = "privacy-basics";

    [Fact]
    public async Task A_member_exports_their_module_data_then_deletes_everything_and_another_member_is_untouched()
    {
        var memberId = await site.UserIdAsync("member");
        var leaderId = await site.UserIdAsync("leader");
        using var member = await site.SignInAsync("member");
        using var leader = await site.SignInAsync("leader");
        await EnrolAsync(member);
        await EnrolAsync(leader);
        await SavePreferencesAsync(member);
        var code = await CompleteWithCertificateAsync(memberId, "陳私隱", "Chan Privacy");

        // The enrolment told them (in-app notification); the export carries academy and notification rows.
        var json = await ExportJsonAsync(member);
        var sections = json.RootElement.GetProperty("sections");
        Assert.Equal("member", json.RootElement.GetProperty("account").GetProperty("userName").GetString());
        Assert.Equal(Course, Rows(sections, "academy", "enrolments").Single().GetProperty("course").GetString());
        Assert.Contains(Rows(sections, "academy", "certificates"), r => r.GetProperty("holderNameZh").GetString() == "陳私隱");
        Assert.NotEmpty(Rows(sections, "notifications", "inApp"));
        Assert.NotEmpty(Rows(sections, "notifications", "preferences"));
        Assert.True(sections.TryGetProperty("knowledge", out _));
        Assert.True(sections.TryGetProperty("content", out _));

        var csv = await ExportCsvAsync(member);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("section,table,row,field,value", lines[0]);
        Assert.Contains("account,account,1,userName,member", lines);
        Assert.Contains($"academy,enrolments,1,course,{Course}", lines);
        Assert.Contains(lines, l => l.StartsWith("notifications,inApp,1,kind,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l == "academy,certificates,1,holderNameZh,陳私隱");

        var leaderBefore = Encoding.UTF8.GetString(await ExportRawAsync(leader, "csv"));

        // Delete the account through the real form.
        var page = await HtmlForms.GetAsync(member, "/account/delete");
        using var deleted = await HtmlForms.SubmitAsync(member, HtmlForms.FindForm(page, "/account/delete"), f => f["CurrentPassword"] = PortalSite.Password);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("/", deleted.Headers.Location?.OriginalString);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(memberId));

            // Every module has nothing left that points to the person.
            foreach (var provider in scope.ServiceProvider.GetServices<IPersonalDataProvider>())
            {
                var section = await provider.ExportAsync(memberId);
                Assert.True(section.RowCount == 0, $"{provider.Section} still holds {section.RowCount} rows");
            }
        }

        Assert.Equal(0, site.CountRows("acad_Enrolments", "UserId", memberId));
        Assert.Equal(0, site.CountRows("acad_Certificates", "UserId", memberId));
        Assert.Equal(0, site.CountRows("ntf_InAppNotifications", "UserId", memberId));
        Assert.Equal(0, site.CountRows("ntf_Preferences", "UserId", memberId));
        Assert.Equal(0, site.CountRows("ntf_OutboxMessages", "RecipientUserId", memberId));

        // The certificate still verifies, without the name.
        using var anonymous = site.CreateBrowser();
        var verify = await HtmlForms.ReadAsync(anonymous, $"/certificates/verify/{code}?culture=en");
        Assert.DoesNotContain("陳私隱", verify, StringComparison.Ordinal);
        Assert.DoesNotContain("Chan Privacy", verify, StringComparison.Ordinal);
        Assert.Contains("deleted their account", verify, StringComparison.Ordinal);
        Assert.Contains("Privacy basics", verify, StringComparison.Ordinal);

        // The other member's data is exactly as it was.
        Assert.Equal(1, site.CountRows("acad_Enrolments", "UserId", leaderId));
        var leaderAfter = Encoding.UTF8.GetString(await ExportRawAsync(leader, "csv"));
        Assert.Equal(Normalize(leaderBefore), Normalize(leaderAfter));
        Assert.Contains($"academy,enrolments,1,course,{Course}", leaderAfter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erasure_is_idempotent()
    {
        var userId = await site.UserIdAsync("partner");
        using var partner = await site.SignInAsync("partner");
        await EnrolAsync(partner);
        await using var scope = site.Services.CreateAsyncScope();
        var providers = scope.ServiceProvider.GetServices<IPersonalDataProvider>().ToList();
        var first = 0;
        foreach (var provider in providers)
        {
            var result = await provider.EraseAsync(userId);
            first += result.Deleted + result.Anonymised;
        }

        foreach (var provider in providers)
        {
            Assert.Equal(PersonalDataErasure.None, await provider.EraseAsync(userId));
        }

        Assert.True(first >= 2, "the enrolment and its notification were erased the first time");
    }

    private static async Task EnrolAsync(HttpClient client)
    {
        var page = await HtmlForms.GetAsync(client, $"/academy/courses/{Course}");
        using var response = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(page, "/enrol"), _ => { });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static async Task SavePreferencesAsync(HttpClient client)
    {
        var page = await HtmlForms.GetAsync(client, "/account/notifications");
        using var response = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(page, "/account/notifications"), _ => { });
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"saving preferences answered {(int)response.StatusCode}");
    }

    /// <summary>Takes the learner through the course with the academy's own use cases and issues a certificate.</summary>
    private async Task<string> CompleteWithCertificateAsync(string userId, string nameZh, string nameEn)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var learning = scope.ServiceProvider.GetRequiredService<LearningService>();
        var view = (await learning.GetCourseViewAsync(Course, userId))!;
        var ratings = Enrolment.AllCompetencies.ToDictionary(c => c, _ => 3);
        await learning.RecordAssessmentAsync(view.Enrolment!, view.Course, AssessmentStage.Pre, ratings);
        foreach (var lesson in view.Course.OrderedLessons)
        {
            await learning.CompleteLessonAsync(view.Enrolment!, lesson);
        }

        await learning.RecordAssessmentAsync(view.Enrolment!, view.Course, AssessmentStage.Post, ratings.ToDictionary(r => r.Key, _ => 4));
        var certificate = await learning.IssueCertificateAsync(view.Enrolment!, view.Course, nameZh, nameEn, HolderNameChoice.Both);
        return certificate.Code;
    }

    private static async Task<JsonDocument> ExportJsonAsync(HttpClient client) => JsonDocument.Parse(await ExportRawAsync(client, "json"));

    private static async Task<string> ExportCsvAsync(HttpClient client) => Encoding.UTF8.GetString(await ExportRawAsync(client, "csv")).TrimStart('\uFEFF');

    private static async Task<byte[]> ExportRawAsync(HttpClient client, string format)
    {
        using var response = await client.GetAsync($"/account/export?format={format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static List<JsonElement> Rows(JsonElement sections, string section, string table) =>
        [.. sections.GetProperty(section).GetProperty("tables").GetProperty(table).GetProperty("rows").EnumerateArray()];

    /// <summary>The export time changes between two downloads; everything else must not.</summary>
    private static string Normalize(string csv) =>
        string.Join("\n", csv.Split("\r\n").Where(l => !l.Contains(",exportedUtc,", StringComparison.Ordinal)));
}

/// <summary>A module whose erasure fails: the account must stay and the person must be told.</summary>
public sealed class FailingErasureSite : PersonalDataSite
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddScoped<IPersonalDataProvider, FailingProvider>());
    }

    private sealed class FailingProvider : IPersonalDataProvider
    {
        public string Section => "zzFailing";

        public string Title => "Failing module";

        public Task<PersonalDataSection> ExportAsync(string userId, CancellationToken cancellationToken = default) =>
            Task.FromResult(new PersonalDataSection(Section, Title, []));

        public Task<PersonalDataErasure> EraseAsync(string userId, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The module's database is not reachable.");
    }
}

public sealed class FailedErasureTests(FailingErasureSite site) : IClassFixture<FailingErasureSite>
{
    [Fact]
    public async Task When_a_module_cannot_erase_the_account_is_kept_and_the_person_is_told_in_their_language()
    {
        var memberId = await site.UserIdAsync("member");
        using var member = await site.SignInAsync("member");
        var page = await HtmlForms.GetAsync(member, "/account/delete");
        using var response = await HtmlForms.SubmitAsync(member, HtmlForms.FindForm(page, "/account/delete"), f => f["CurrentPassword"] = PortalSite.Password);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("你的帳戶尚未刪除", html, StringComparison.Ordinal);
        Assert.Contains("Failing module", html, StringComparison.Ordinal);

        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByIdAsync(memberId);
        Assert.NotNull(user);
        Assert.Contains(await users.GetClaimsAsync(user), c => c.Type == PersonalDataService.IncompleteErasureClaim);

        // Still signed in and able to use the account.
        Assert.Contains("/account/delete", await HtmlForms.ReadAsync(member, "/account"), StringComparison.Ordinal);
    }
}
