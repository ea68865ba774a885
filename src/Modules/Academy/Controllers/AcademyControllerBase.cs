using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Localization;
using Portal.Academy.Resources;
using Portal.Globalization;

namespace Portal.Academy.Controllers;

public abstract class AcademyControllerBase(IStringLocalizer<AcademyStrings> t, IConfiguration configuration) : Controller
{
    protected const string ErrorKey = "AcademyError";

    protected IStringLocalizer<AcademyStrings> T => t;

    protected static bool English => PortalCultures.IsEnglish;

    protected string? UserId => User.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>The site's public address for QR codes: the <c>Portal:PublicBaseUrl</c> setting, else this request's.</summary>
    protected string PublicBaseUrl
    {
        get
        {
            var configured = configuration["Portal:PublicBaseUrl"];
            return string.IsNullOrWhiteSpace(configured)
                ? $"{Request.Scheme}://{Request.Host}{Request.PathBase}"
                : configured.TrimEnd('/');
        }
    }

    protected void ShowError(string englishMessage) => TempData[ErrorKey] = T[englishMessage].Value;

    protected void ShowStatus(string englishMessage) => TempData["Status"] = T[englishMessage].Value;

    protected IActionResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("~/Areas/Academy/Views/Shared/NotFound.cshtml");
    }
}
