using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Mentoring.Models;
using Portal.Mentoring.Resources;
using Portal.Mentoring.Services;
using Portal.Mentoring.ViewModels;

namespace Portal.Mentoring.Controllers;

/// <summary>Staff pages: applications, matching, pairs, the programme report.</summary>
[Area("Mentoring")]
[Authorize(Policy = Permissions.ManageMentoringPolicy)]
public sealed class MentoringAdminController(
    MentoringAdminService admin,
    ProgrammeReport report,
    Portal.Privacy.IPersonalDataAccessLog audit,
    IStringLocalizer<MentoringStrings> t) : MentoringControllerBase(t)
{
    [HttpGet("/admin/mentoring")]
    public async Task<IActionResult> Index(ApplicationStatus? status, CancellationToken ct)
    {
        ViewData["StatusFilter"] = status;
        return View(await admin.ApplicationsAsync(status, ct));
    }

    [HttpGet("/admin/mentoring/applications/{id:long}")]
    public async Task<IActionResult> Application(long id, CancellationToken ct)
    {
        var row = await admin.ApplicationAsync(id, ct);
        if (row is null)
        {
            return NotFoundPage();
        }

        await RecordAsync(row.Application.UserId, Portal.Privacy.PersonalDataAction.Viewed, id, ct);
        return View(new ApplicationPage { Row = row, Decide = new DecideForm { Version = row.Application.Version } });
    }

    [HttpPost("/admin/mentoring/applications/{id:long}")]
    public async Task<IActionResult> Decide(long id, [Bind(Prefix = "Decide")] DecideForm decide, CancellationToken ct)
    {
        try
        {
            await admin.DecideAsync(UserId, id, decide.Approve, decide.Reason, decide.Version, ct);
            if (await admin.ApplicationAsync(id, ct) is { } decided)
            {
                await RecordAsync(decided.Application.UserId, Portal.Privacy.PersonalDataAction.Changed, id, ct);
            }

            ShowStatus(decide.Approve ? "The application is approved and the applicant has been told." : "The application is declined and the applicant has been told why.");
            return Redirect("/admin/mentoring");
        }
        catch (MentoringRuleException ex)
        {
            AddError(ex.Message);
            var row = await admin.ApplicationAsync(id, ct);
            if (row is null)
            {
                return NotFoundPage();
            }

            Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest;
            return View("Application", new ApplicationPage { Row = row, Decide = decide });
        }
    }

    [HttpGet("/admin/mentoring/match/{applicationId:long}")]
    public async Task<IActionResult> Match(long applicationId, bool sameOrganisation, CancellationToken ct)
    {
        var result = await admin.SuggestionsAsync(applicationId, sameOrganisation, ct);
        if (result is not { } r)
        {
            return NotFoundPage();
        }

        return View(new MatchPage { Mentee = r.Mentee, Suggestions = r.Suggestions, People = r.People, AllowSameOrganisation = sameOrganisation });
    }

    [HttpPost("/admin/mentoring/match/{applicationId:long}")]
    public async Task<IActionResult> Confirm(long applicationId, string mentorId, bool sameOrganisation, CancellationToken ct)
    {
        try
        {
            var pair = await admin.ConfirmPairAsync(UserId, applicationId, mentorId ?? "", sameOrganisation, ct);
            ShowStatus("The pair is proposed. Both have been asked to accept the mentoring agreement.");
            return Redirect($"/mentoring/pairs/{pair.Id}");
        }
        catch (MentoringRuleException ex)
        {
            ShowError(ex.Message);
            return Redirect($"/admin/mentoring/match/{applicationId}" + (sameOrganisation ? "?sameOrganisation=true" : ""));
        }
    }

    [HttpGet("/admin/mentoring/pairs")]
    public async Task<IActionResult> Pairs(string? filter, CancellationToken ct)
    {
        ViewData["Filter"] = filter;
        return View(await admin.PairsAsync(filter, ct));
    }

    /// <summary>Re-pair the mentee of a pair: choose another mentor from the scored suggestions.</summary>
    [HttpGet("/admin/mentoring/pairs/{id:long}/repair")]
    public async Task<IActionResult> Repair(long id, bool sameOrganisation, CancellationToken ct)
    {
        var options = await admin.RepairOptionsAsync(id, sameOrganisation, ct);
        if (options is not { } o)
        {
            return NotFoundPage();
        }

        return View(new RepairPage
        {
            Current = o.Pair, Suggestions = o.Suggestions, People = o.People,
            Form = new RepairForm { SameOrganisation = sameOrganisation, Version = o.Pair.Pair.Version },
        });
    }

    [HttpPost("/admin/mentoring/pairs/{id:long}/repair")]
    public async Task<IActionResult> RepairConfirm(long id, [Bind(Prefix = "Form")] RepairForm form, CancellationToken ct)
    {
        try
        {
            var pair = await admin.RepairAsync(UserId, id, form.MentorId ?? "", form.Reason ?? "", form.Confirm, form.SameOrganisation, form.Version, ct);
            ShowStatus("The mentee is re-paired. Both have been asked to accept the mentoring agreement.");
            return Redirect($"/mentoring/pairs/{pair.Id}");
        }
        catch (PairNotFoundException)
        {
            return NotFoundPage();
        }
        catch (MentoringRuleException ex)
        {
            AddError(ex.Message);
            var options = await admin.RepairOptionsAsync(id, form.SameOrganisation, ct);
            if (options is not { } o)
            {
                return NotFoundPage();
            }

            Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest;
            return View("Repair", new RepairPage { Current = o.Pair, Suggestions = o.Suggestions, People = o.People, Form = form });
        }
    }

    [HttpGet("/admin/mentoring/report")]
    public async Task<IActionResult> Report(CancellationToken ct) => View(await report.GetAsync(ct));

    [HttpGet("/admin/mentoring/report.csv")]
    public async Task<IActionResult> ReportCsv(CancellationToken ct)
    {
        var data = await report.GetAsync(ct);
        return File(ProgrammeReport.ToCsv(data, key => T[key].Value), "text/csv; charset=utf-8", "mentoring-report.csv");
    }

    private Task RecordAsync(string applicantUserId, Portal.Privacy.PersonalDataAction action, long applicationId, CancellationToken ct) =>
        audit.RecordAsync(new Portal.Privacy.PersonalDataAccess(UserId, applicantUserId, AuditedAreas.Applications, action, null,
            "application " + applicationId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ct);
}
