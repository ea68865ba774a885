using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Academy.Services;
using Portal.IntegrationTests.Infrastructure;
using Portal.Metrics;

namespace Portal.IntegrationTests;

/// <summary>A site with one course, three known knowledge articles and impact targets (recipes/impact.recipe.json).</summary>
public sealed class ImpactSite : PortalSite
{
    public ImpactSite()
        : base(new Dictionary<string, string?>
        {
            ["Portal:SetupRecipe"] = Path.Combine(AppContext.BaseDirectory, "recipes", "impact.recipe.json"),
        })
    {
    }

    private int _enrolled;

    /// <summary>The six accounts of the recipe enrol today, through the academy's own service (once per site).</summary>
    public async Task EnrolSixAsync()
    {
        if (Interlocked.Exchange(ref _enrolled, 1) == 1)
        {
            return;
        }

        using var scope = Services.CreateScope();
        var learning = scope.ServiceProvider.GetRequiredService<LearningService>();
        var people = scope.ServiceProvider.GetRequiredService<Portal.People.IPersonDirectory>();
        foreach (var name in new[] { "admin", "staff", "leader", "mentor", "member", "partner" })
        {
            var person = await people.FindByUserNameAsync(name) ?? throw new InvalidOperationException(name);
            await learning.EnrolAsync(person.UserId, "impact-course");
        }
    }
}

public sealed class ImpactTests(ImpactSite site) : IClassFixture<ImpactSite>
{
    private static readonly int Year = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Globalization.PortalCultures.HongKong).Year;

    [Fact]
    public async Task Each_module_reports_its_known_figures_through_the_metrics_contract()
    {
        await site.EnrolSixAsync();
        using var scope = site.Services.CreateScope();
        var sources = scope.ServiceProvider.GetServices<IMetricsSource>().ToList();
        var academy = await sources.Single(s => s.Module == "Academy").GetMetricsAsync(new DateOnly(Year, 1, 1), new DateOnly(Year, 12, 31));
        var enrolments = academy.Single(m => m.Key == "academy.enrolments");
        Assert.Equal(6, enrolments.Value);
        var month = Assert.Single(enrolments.Breakdowns);
        Assert.Equal(6, month.Parts.Sum(p => p.Value));
        Assert.Equal(12, month.Parts.Count);
        Assert.Equal(6, academy.Single(m => m.Key == "academy.participants").Value);
        Assert.Equal(0, academy.Single(m => m.Key == "academy.completions").Value);
        Assert.DoesNotContain(academy, m => m.Key == "academy.participants-improved-share"); // no one assessed yet

        var knowledge = await sources.Single(s => s.Module.Equals("knowledge", StringComparison.OrdinalIgnoreCase)).GetMetricsAsync(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));
        Assert.Equal(2, knowledge.Single(m => m.Key == "knowledge.articles-published").Value);
        Assert.Equal(3, knowledge.Single(m => m.Key == "knowledge.articles-online").Value);
    }

    [Fact]
    public async Task Staff_see_the_dashboard_with_targets_and_suppressed_small_numbers_in_both_languages()
    {
        await site.EnrolSixAsync();
        using var staff = await site.SignInAsync("staff");
        var zh = await HtmlForms.ReadAsync(staff, "/admin/impact?period=this-year");
        Assert.Contains("成效儀表板", zh, StringComparison.Ordinal);
        Assert.Contains("課程報名", zh, StringComparison.Ordinal);
        Assert.Contains("role=\"img\"", zh, StringComparison.Ordinal);
        Assert.Contains("暫無數據", zh, StringComparison.Ordinal); // partners.companies: no source yet
        Assert.Contains("已達標", zh, StringComparison.Ordinal); // 6 enrolments against 5

        var en = await HtmlForms.ReadAsync(staff, "/admin/impact?period=custom&from=2026-03-01&to=2026-03-31&culture=en");
        Assert.Contains("Impact dashboard", en, StringComparison.Ordinal);
        Assert.Contains("Knowledge base", en, StringComparison.Ordinal);
        // 2 articles published in March 2026: a small number, suppressed.
        Assert.Matches("Articles published in the period</h3>\\s*<p class=\"impact-figure\"><span class=\"impact-value\">&lt; 5</span>", en);
    }

    [Theory]
    [InlineData("period=custom&from=2026-06-01&to=2026-05-01", "第一天必須在最後一天或之前。")]
    [InlineData("period=custom&from=nonsense&to=2026-05-01", "請以日期格式輸入第一天")]
    [InlineData("period=custom&from=2026-06-01&to=2026-05-01&culture=en", "The first day must be on or before the last day.")]
    [InlineData("period=%3Cscript%3E", "請選擇其中一個期間。")]
    public async Task A_bad_date_range_shows_a_clear_message_and_keeps_what_was_typed(string query, string message)
    {
        using var staff = await site.SignInAsync("staff");
        using var response = await staff.GetAsync("/admin/impact?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("error-summary", html, StringComparison.Ordinal);

        using var csv = await staff.GetAsync("/admin/impact/export.csv?" + query);
        Assert.Equal(HttpStatusCode.Redirect, csv.StatusCode);
    }

    [Fact]
    public async Task The_csv_and_the_pdf_download_for_the_chosen_period()
    {
        await site.EnrolSixAsync();
        using var staff = await site.SignInAsync("staff");
        using var csv = await staff.GetAsync($"/admin/impact/export.csv?period=custom&from={Year}-01-01&to={Year}-12-31&culture=en");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.Contains($"{Year}-01-01,{Year}-12-31,Academy,academy.enrolments,Course enrolments,count,,,,6,", text, StringComparison.Ordinal);
        Assert.Contains("partners.companies", text, StringComparison.Ordinal);

        using var pdf = await staff.GetAsync("/admin/impact/report.pdf?period=this-year");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));
    }

    [Fact]
    public async Task Staff_set_a_target_and_every_change_is_in_the_history()
    {
        using var staff = await site.SignInAsync("staff");
        var page = await HtmlForms.GetAsync(staff, "/admin/impact/targets");
        var form = TargetForm(page);
        using var bad = await HtmlForms.SubmitAsync(staff, form, f => { f["MetricKey"] = "Bad key"; f["Goal"] = "abc"; f["Plan"] = "計劃"; });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("請以小楷英文字母", badHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"Bad key\"", badHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"abc\"", badHtml, StringComparison.Ordinal); // what was typed stays, even when it is not a number

        page = await HtmlForms.GetAsync(staff, "/admin/impact/targets");
        form = TargetForm(page);
        using var ok = await HtmlForms.SubmitAsync(staff, form, f => { f["MetricKey"] = "mentoring.pairs"; f["Goal"] = "30"; f["Unit"] = "count"; f["Plan"] = "2026 年度計劃"; });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var after = await HtmlForms.ReadAsync(staff, "/admin/impact/targets");
        Assert.Contains("mentoring.pairs", after, StringComparison.Ordinal);
        Assert.Contains("測試職員", after, StringComparison.Ordinal); // who, by name
        Assert.Contains("設定範本", after, StringComparison.Ordinal); // the recipe's entries
    }

    private static AngleSharp.Html.Dom.IHtmlFormElement TargetForm(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.Forms.Single(f => f.GetAttribute("action") == "/admin/impact/targets");

    [Fact]
    public async Task The_public_page_shows_only_published_figures_to_anyone()
    {
        await site.EnrolSixAsync();
        using var anonymous = site.CreateBrowser();
        using var response = await anonymous.GetAsync("/impact?culture=en");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Our impact", html, StringComparison.Ordinal);
        Assert.Contains("Course enrolments", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Certificates issued", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Partner companies", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_cannot_reach_the_dashboard_or_its_downloads()
    {
        using var member = await site.SignInAsync("member");
        foreach (var path in new[] { "/admin/impact", "/admin/impact/export.csv", "/admin/impact/report.pdf", "/admin/impact/targets" })
        {
            using var response = await member.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{path}: {response.StatusCode}");
            Assert.DoesNotContain("/admin/impact", response.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        }
    }
}
