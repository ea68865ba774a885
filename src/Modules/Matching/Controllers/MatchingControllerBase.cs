using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Portal.Matching.Resources;

namespace Portal.Matching.Controllers;

public abstract class MatchingControllerBase(IStringLocalizer<MatchingStrings> t) : Controller
{
    protected const string ErrorKey = "MatchingError";

    protected IStringLocalizer<MatchingStrings> T => t;

    protected string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    protected void ShowError(string englishMessage) => TempData[ErrorKey] = T[englishMessage].Value;

    protected void ShowStatus(string englishMessage) => TempData["Status"] = T[englishMessage].Value;

    protected void AddError(string englishMessage) => ModelState.AddModelError(string.Empty, T[englishMessage].Value);

    protected IActionResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("~/Areas/Matching/Views/Shared/NotFound.cshtml");
    }

    /// <summary>A form shown again with its messages: 400, never a 500, and what was typed stays.</summary>
    protected IActionResult Again(string view, object model)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(view, model);
    }

    /// <summary>Binding errors (e.g. letters in a number, an impossible date) become one message in the person's
    /// language; what they typed stays in the form. Returns true when there is nothing wrong so far.</summary>
    protected bool KeepTyped()
    {
        var bindingErrors = ModelState.Where(e => e.Key.Length > 0 && e.Value!.Errors.Count > 0)
            .Select(e => (e.Key, e.Value!.RawValue, e.Value.AttemptedValue)).ToList();
        foreach (var (key, raw, attempted) in bindingErrors)
        {
            ModelState.Remove(key);
            ModelState.SetModelValue(key, raw, attempted);
        }

        if (bindingErrors.Count > 0)
        {
            ModelState.AddModelError(string.Empty, T["Please check the numbers and dates you typed."].Value);
        }

        return ModelState.ErrorCount == 0;
    }
}

internal static class ModelStateExtensions
{
    public static bool HasTyped(this ModelStateDictionary modelState, string key) =>
        modelState.TryGetValue(key, out var entry) && entry.AttemptedValue is not null;
}
