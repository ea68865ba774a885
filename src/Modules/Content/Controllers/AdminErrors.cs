using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Portal.Content.Models;

namespace Portal.Content.Controllers;

internal static class AdminErrors
{
    /// <summary>Puts each problem beside its field (<c>titleZh</c> → <c>Form.TitleZh</c>) in the person's language.</summary>
    public static void AddTo(ModelStateDictionary state, IEnumerable<ContentError> errors, IStringLocalizer localizer, string prefix = "Form")
    {
        foreach (var error in errors)
        {
            var field = error.Field.Length == 0 ? string.Empty : char.ToUpperInvariant(error.Field[0]) + error.Field[1..];
            state.AddModelError(prefix.Length == 0 ? field : $"{prefix}.{field}", error.Limit is null ? localizer[error.Message] : localizer[error.Message, error.Limit]);
        }
    }
}
