using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Mentoring.Resources;

namespace Portal.Mentoring.Controllers;

public abstract class MentoringControllerBase(IStringLocalizer<MentoringStrings> t) : Controller
{
    protected const string ErrorKey = "MentoringError";

    protected IStringLocalizer<MentoringStrings> T => t;

    protected string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    protected void ShowError(string englishMessage) => TempData[ErrorKey] = T[englishMessage].Value;

    protected void ShowStatus(string englishMessage) => TempData["Status"] = T[englishMessage].Value;

    protected void AddError(string englishMessage) => ModelState.AddModelError(string.Empty, T[englishMessage].Value);

    protected IActionResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("~/Areas/Mentoring/Views/Shared/NotFound.cshtml");
    }
}
