using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Portal.Mentoring.Controllers;

internal static class ModelStateHelper
{
    /// <summary>Binding errors (e.g. letters in a number) become one message in the person's language; what they
    /// typed stays in the form. Returns true when there is nothing wrong so far.</summary>
    public static bool KeepTyped(ModelStateDictionary modelState, string message)
    {
        var bindingErrors = modelState.Where(e => e.Key.Length > 0 && e.Value!.Errors.Count > 0)
            .Select(e => (e.Key, e.Value!.RawValue, e.Value.AttemptedValue)).ToList();
        foreach (var (key, raw, attempted) in bindingErrors)
        {
            modelState.Remove(key);
            modelState.SetModelValue(key, raw, attempted);
        }

        if (bindingErrors.Count > 0)
        {
            modelState.AddModelError(string.Empty, message);
        }

        return modelState.ErrorCount == 0;
    }
}
