using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Academy.Resources;
using Portal.Globalization;
using Portal.Navigation;

namespace Portal.Academy.Controllers;

public abstract class AcademyControllerBase(IStringLocalizer<AcademyStrings> t, ISiteLinks siteLinks) : Controller
{
    protected const string ErrorKey = "AcademyError";

    protected IStringLocalizer<AcademyStrings> T => t;

    protected static bool English => PortalCultures.IsEnglish;

    protected string? UserId => User.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>The site's public address for QR codes (the host's <see cref="ISiteLinks"/>: the configured
    /// <c>Portal:PublicBaseUrl</c>; only in Development without it, this request's).</summary>
    protected string PublicBaseUrl => siteLinks.BaseUrl;

    protected void ShowError(string englishMessage) => TempData[ErrorKey] = T[englishMessage].Value;

    protected void ShowStatus(string englishMessage) => TempData["Status"] = T[englishMessage].Value;

    protected IActionResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("~/Areas/Academy/Views/Shared/NotFound.cshtml");
    }
}
