using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Localization;
using Portal.Globalization;
using Portal.Hosting.Shell;

namespace Portal.Hosting.Identity;

/// <summary>Puts a person's saved language, text size and contrast back into this browser's cookies.</summary>
internal static class AccountPreferences
{
    /// <summary>TempData key: the account's language, offered as a switch when the page is in the other one.</summary>
    public const string OfferCultureKey = "OfferCulture";

    public static void Restore(HttpContext http, PortalUser user)
    {
        WriteCulture(http, user.PreferredCulture);
        ShellContext.WritePreferences(http, user.TextSize, user.HighContrast);
    }

    /// <summary>
    /// After signing in: the account's text size and contrast come back, but the page stays in the language the person
    /// was reading (a saved preference never switches it silently). When the account's language is the other one, the
    /// next page offers the switch (<see cref="OfferCultureKey"/>).
    /// </summary>
    public static void RestoreKeepingLanguage(HttpContext http, PortalUser user, ITempDataDictionary tempData)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(tempData);
        ShellContext.WritePreferences(http, user.TextSize, user.HighContrast);
        var reading = PortalCultures.Normalize(System.Globalization.CultureInfo.CurrentUICulture.Name);
        var saved = PortalCultures.Normalize(user.PreferredCulture);
        if (!string.Equals(reading, saved, StringComparison.Ordinal))
        {
            tempData[OfferCultureKey] = saved;
        }
    }

    public static void WriteCulture(HttpContext http, string? culture) =>
        http.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(PortalCultures.Normalize(culture))),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps });

    /// <summary>Text size from a form: 0, 1 or 2; anything else is null (refused, not silently clamped).</summary>
    public static int? ParseTextSize(string? value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size) && size is >= 0 and <= 2 ? size : null;

    /// <summary>A culture from a form: exactly one of the portal's languages, otherwise null.</summary>
    public static string? ParseCulture(string? value) =>
        PortalCultures.All.FirstOrDefault(c => string.Equals(c, value?.Trim(), StringComparison.OrdinalIgnoreCase));
}
