using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Globalization;
using Portal.Impact.Models;
using Portal.Impact.Reports;
using Portal.Impact.Resources;
using Portal.Impact.Services;
using Portal.Impact.ViewModels;
using Portal.People;

namespace Portal.Impact.Controllers;

/// <summary>Staff pages: the dashboard, its CSV and PDF, and the targets.</summary>
[Area("Impact")]
[Authorize(Policy = Permissions.ViewImpactPolicy)]
public sealed class ImpactAdminController(
    ImpactReportBuilder builder,
    ImpactTargetsService targets,
    ImpactPdf pdf,
    TimeProvider clock,
    IAuthorizationService authorization,
    IStringLocalizer<ImpactStrings> t) : Controller
{
    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private DateOnly Today => PortalCultures.Today(clock);

    [HttpGet("/admin/impact")]
    public async Task<IActionResult> Index(string? period, string? from, string? to, CancellationToken ct)
    {
        var choice = PeriodChooser.Choose(period, from, to, Today);
        if (choice.Error is not null)
        {
            ModelState.AddModelError(choice.ErrorField ?? "from", t[choice.Error]);
        }

        var report = await builder.BuildAsync(choice.Period, ct);
        var canManage = (await authorization.AuthorizeAsync(User, Permissions.ManageImpactTargetsPolicy)).Succeeded;
        return View(new DashboardPage(choice, report, canManage, await targets.GetPublishedKeysAsync(ct)));
    }

    [HttpGet("/admin/impact/export.csv")]
    public async Task<IActionResult> Csv(string? period, string? from, string? to, CancellationToken ct)
    {
        var choice = PeriodChooser.Choose(period, from, to, Today);
        if (choice.Error is not null)
        {
            return RedirectToDashboard(period, from, to);
        }

        var report = await builder.BuildAsync(choice.Period, ct);
        return File(ImpactCsv.Write(report), "text/csv; charset=utf-8", $"impact-{report.Period.FromIso}-{report.Period.ToIso}.csv");
    }

    [HttpGet("/admin/impact/report.pdf")]
    public async Task<IActionResult> Pdf(string? period, string? from, string? to, CancellationToken ct)
    {
        var choice = PeriodChooser.Choose(period, from, to, Today);
        if (choice.Error is not null)
        {
            return RedirectToDashboard(period, from, to);
        }

        var reports = await builder.BuildBilingualAsync(choice.Period, ct);
        var bytes = pdf.Render(reports[PortalCultures.Chinese], reports[PortalCultures.English], Bilingual(t));
        return File(bytes, "application/pdf", $"impact-report-{choice.Period.FromIso}-{choice.Period.ToIso}.pdf");
    }

    [HttpPost("/admin/impact/publish")]
    [Authorize(Policy = Permissions.ManageImpactTargetsPolicy)]
    public async Task<IActionResult> Publish(string? metricKey, bool published, string? period, string? from, string? to, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(metricKey) && ImpactTarget.Validate(metricKey, 0, TargetUnits.Count, "x").Count == 0)
        {
            await targets.SetPublishedAsync(metricKey.Trim(), published, UserId, ct);
            TempData["Status"] = (published ? t["The figure is now shown on the public impact page."] : t["The figure is no longer shown on the public impact page."]).Value;
        }

        return RedirectToDashboard(period, from, to);
    }

    [HttpGet("/admin/impact/targets")]
    [Authorize(Policy = Permissions.ManageImpactTargetsPolicy)]
    public async Task<IActionResult> Targets(string? key, [FromServices] IPersonDirectory people, CancellationToken ct)
    {
        var input = new TargetInput { MetricKey = key, Plan = t["2025–2030 five-year plan"] };
        if (!string.IsNullOrWhiteSpace(key) && await targets.FindAsync(key, ct) is { } existing)
        {
            input = new TargetInput { MetricKey = existing.MetricKey, Goal = existing.Goal, Unit = existing.Unit, Plan = existing.Plan };
        }

        return View(await TargetsPageAsync(input, people, ct));
    }

    [HttpPost("/admin/impact/targets")]
    [Authorize(Policy = Permissions.ManageImpactTargetsPolicy)]
    public async Task<IActionResult> SaveTarget([FromForm] TargetInput input, [FromServices] IPersonDirectory people, CancellationToken ct)
    {
        ModelState.Clear();
        foreach (var (field, message) in ImpactTarget.Validate(input.MetricKey, input.Goal, input.Unit, input.Plan))
        {
            ModelState.AddModelError(field, t[message]);
        }

        if (!ModelState.IsValid)
        {
            return View("Targets", await TargetsPageAsync(input, people, ct));
        }

        var changed = await targets.SetTargetAsync(input.MetricKey!, input.Goal!.Value, input.Unit!, input.Plan!, UserId, ct);
        TempData["Status"] = (changed ? t["The target is saved."] : t["Nothing changed."]).Value;
        return Redirect("/admin/impact/targets");
    }

    [HttpPost("/admin/impact/targets/remove")]
    [Authorize(Policy = Permissions.ManageImpactTargetsPolicy)]
    public async Task<IActionResult> RemoveTarget(string? metricKey, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(metricKey) && await targets.RemoveTargetAsync(metricKey, UserId, ct))
        {
            TempData["Status"] = t["The target is removed. Its history is kept."].Value;
        }

        return Redirect("/admin/impact/targets");
    }

    private async Task<TargetsPage> TargetsPageAsync(TargetInput input, IPersonDirectory people, CancellationToken ct)
    {
        var list = await targets.GetTargetsAsync(ct);
        var history = await targets.GetHistoryAsync(null, 200, ct);
        var ids = history.Select(h => h.ByUserId).Where(id => id != Recipes.ImpactTargetsStep.RecipeUser).Distinct().ToList();
        var names = await people.NamesAsync(ids, ct);
        var report = await builder.BuildAsync(new ReportPeriod(Today.AddDays(-1), Today), ct);
        var known = report.AllMetrics.Select(m => (m.Key, m.Label)).DistinctBy(m => m.Key).ToList();
        return new TargetsPage(list, history, names, known, input);
    }

    private RedirectResult RedirectToDashboard(string? period, string? from, string? to) =>
        Redirect("/admin/impact" + Microsoft.AspNetCore.Http.QueryString.Create(new Dictionary<string, string?>
        {
            ["period"] = period ?? "",
            ["from"] = from ?? "",
            ["to"] = to ?? "",
        }).ToUriComponent());

    /// <summary>The module's strings in both languages, for the PDF.</summary>
    internal static BilingualText Bilingual(IStringLocalizer<ImpactStrings> t) => new(key =>
    {
        var ui = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(PortalCultures.Chinese);
            var zh = t[key].Value;
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(PortalCultures.English);
            return (zh, t[key].Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = ui;
        }
    });
}
