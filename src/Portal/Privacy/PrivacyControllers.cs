using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Privacy;
using Portal.Resources;
using Portal.Security;

namespace Portal.Hosting.Privacy;

/// <summary><c>/admin/audit</c>: the audit trail of staff access to personal data (permission ViewAuditTrail). Read only:
/// there is no edit or delete.</summary>
[Authorize(Policy = Permission.PolicyPrefix + PrivacyPermissions.ViewAuditTrailName)]
public sealed class AuditAdminController(AuditQueries queries) : Controller
{
    [HttpGet("/admin/audit")]
    public async Task<IActionResult> Index(string? person, string? actor, string? area, string? from, string? to, int page = 1, CancellationToken cancellationToken = default)
    {
        var result = await queries.SearchAsync(new AuditFilter(person, actor, area, from, to), page, cancellationToken);
        foreach (var (field, message) in result.Problems)
        {
            ModelState.AddModelError(field, message);
        }

        return View("~/Views/Audit/Index.cshtml", result);
    }

    [HttpGet("/admin/audit.csv")]
    public async Task<IActionResult> Csv(string? person, string? actor, string? area, string? from, string? to, CancellationToken cancellationToken = default)
    {
        var filter = new AuditFilter(person, actor, area, from, to);
        var (file, problems) = await queries.CsvAsync(filter, cancellationToken);
        if (file is null)
        {
            var query = filter.ToQuery();
            return Redirect("/admin/audit" + (query.Length == 0 ? "" : "?" + query));
        }

        return File(file, "text/csv; charset=utf-8", "audit-trail.csv");
    }
}

/// <summary>The reason prompt's post (<see cref="PersonalDataReasonPrompt"/>): any signed-in person may give a reason;
/// the module's own page still decides who may see the data.</summary>
[Authorize]
public sealed class AccessReasonController(AuditTrail trail, AuditedAreaCatalog areas, IStringLocalizer<PrivacyStrings> T) : Controller
{
    [HttpPost("/privacy/reason")]
    public IActionResult Give(string? area, string? scope, string? returnUrl, string? reason)
    {
        var known = areas.Find(area);
        if (known is null || string.IsNullOrWhiteSpace(scope) || scope.Length > 200 || string.IsNullOrEmpty(returnUrl) || !Url.IsLocalUrl(returnUrl))
        {
            return BadRequest();
        }

        var text = reason?.Trim();
        string? problem = string.IsNullOrEmpty(text)
            ? T["Write why you need to open this information."].Value
            : text.Length > PersonalDataAccessLimits.ReasonMaxLength
                ? T["The reason can be at most {0} characters long.", PersonalDataAccessLimits.ReasonMaxLength].Value
                : null;
        if (problem is not null)
        {
            ModelState.AddModelError("reason", problem);
            return View("~/Views/Shared/PersonalDataReason.cshtml", new PersonalDataReasonPrompt(known.Name, scope, returnUrl) { Reason = reason, Problem = problem });
        }

        trail.RememberReason(HttpContext, User.FindFirstValue(ClaimTypes.NameIdentifier)!, scope, text!);
        return LocalRedirect(returnUrl);
    }
}

/// <summary>The account page's "Who opened your data" section: the newest entries about the signed-in person.</summary>
public sealed class AccessLogViewComponent(AuditQueries queries) : ViewComponent
{
    public const int Shown = 10;

    public async Task<IViewComponentResult> InvokeAsync(string userId)
    {
        var rows = await queries.AboutAsync(userId, Shown, HttpContext.RequestAborted);
        var total = rows.Count < Shown ? rows.Count : await queries.CountAboutAsync(userId, HttpContext.RequestAborted);
        return View("~/Views/Audit/AccessLog.cshtml", (rows, total));
    }
}
