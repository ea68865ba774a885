using Microsoft.AspNetCore.Localization;
using Portal.Globalization;
using Portal.Hosting.Shell;

namespace Portal.Hosting.Identity;

/// <summary>Puts a person's saved language, text size and contrast back into this browser's cookies.</summary>
internal static class AccountPreferences
{
    public static void Restore(HttpContext http, PortalUser user)
    {
        WriteCulture(http, user.PreferredCulture);
        ShellContext.WritePreferences(http, user.TextSize, user.HighContrast);
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
