using Microsoft.AspNetCore.Mvc.Razor;
using Portal.Globalization;

namespace Portal.Academy.ViewModels;

/// <summary>Base of the academy's views: <see cref="En"/> picks the English side of bilingual content.</summary>
public abstract class AcademyPage<TModel> : RazorPage<TModel>
{
    protected static bool En => PortalCultures.IsEnglish;
}
