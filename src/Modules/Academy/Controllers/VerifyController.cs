using Microsoft.AspNetCore.OutputCaching;
using Portal.Caching;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Academy.Resources;
using Portal.Academy.Services;

using Portal.Navigation;

namespace Portal.Academy.Controllers;

/// <summary>Public certificate verification: anyone, signed in or not, may check a code.</summary>
[Area("Academy")]
[AllowAnonymous]
public sealed class VerifyController(CertificateService certificates, IStringLocalizer<AcademyStrings> t, ISiteLinks siteLinks)
    : AcademyControllerBase(t, siteLinks)
{
    [OutputCache(PolicyName = PageCache.AnonymousPage)]
    [HttpGet("/certificates/verify")]
    public IActionResult Form([FromQuery] string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return View();
        }

        return Redirect("/certificates/verify/" + Uri.EscapeDataString(code.Trim()));
    }

    [OutputCache(PolicyName = PageCache.AnonymousPage)]
    [HttpGet("/certificates/verify/{code}")]
    public async Task<IActionResult> Show(string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return Redirect("/certificates/verify"); // "/certificates/verify/%20": the form, not a 500
        }

        var result = await certificates.VerifyAsync(code, ct);
        if (result is null && await certificates.VerifyProgrammeAsync(code, ct) is { } programme)
        {
            return View("Programme", programme);
        }

        if (result is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            ViewData["Code"] = code.Length > 40 ? code[..40] : code;
            return View("NotFound");
        }

        return View(result);
    }
}
