using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Portal.Forum.Resources;

namespace Portal.Forum.Controllers;

public abstract class ForumControllerBase(IStringLocalizer<ForumStrings> t) : Controller
{
    protected const string ErrorKey = "ForumError";

    protected IStringLocalizer<ForumStrings> T => t;

    protected void ShowError(string englishMessage) => TempData[ErrorKey] = T[englishMessage].Value;

    protected void ShowStatus(string englishMessage) => TempData["Status"] = T[englishMessage].Value;

    protected void AddError(string englishMessage) => ModelState.AddModelError(string.Empty, T[englishMessage].Value);

    protected IActionResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("~/Areas/Forum/Views/Shared/NotFound.cshtml");
    }

    /// <summary>Binding errors (letters in a number, an unknown choice) become one message in the person's language;
    /// what they typed stays in the form. True when nothing is wrong so far.</summary>
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
            AddError("Some answers could not be read. Please check the form.");
        }

        return ModelState.ErrorCount == 0;
    }

    protected static bool IsValid(ModelStateDictionary state) => state.ErrorCount == 0;
}
