using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Globalization;
using Portal.Hosting.Data;
using Portal.Hosting.Modules;
using Portal.Hosting.Themes;
using Portal.Modules;
using Portal.Navigation;
using Portal.Security;
using Portal.Themes;

namespace Portal.Hosting.Shell;

/// <summary>Per-request facts for the theme's layout.</summary>
internal sealed class ShellContext(
    IHttpContextAccessor accessor,
    SiteSettingsStore settings,
    ThemeCatalog themes,
    IFeatureChecker features,
    IEnumerable<IMainMenuSource> menuSources,
    IEnumerable<IAdminMenuProvider> adminMenus,
    IAuthorizationService authorization) : IShellContext
{
    public const string PreferencesCookie = "portal.prefs";

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("No current request.");

    public string Culture => PortalCultures.Normalize(CultureInfo.CurrentUICulture.Name);

    public string SiteName => settings.Get(Culture == PortalCultures.English ? SiteSettingsStore.SiteNameEnKey : SiteSettingsStore.SiteNameZhKey)
        ?? (Culture == PortalCultures.English ? "Self-help Organisations Portal" : "自助組織平台");

    public int TextSize => Preferences.TextSize;

    public bool HighContrast => Preferences.HighContrast;

    public IReadOnlyList<string> Stylesheets
    {
        get
        {
            var chain = themes.ActiveChain().Reverse().Select(ThemeCatalog.Find).OfType<ThemeAttribute>().ToList();
            var sheets = chain.SelectMany(t => t.Stylesheets.Select(s => ThemeAssets.Fingerprint($"/themes/{t.Id}/{s}"))).ToList();
            if (HighContrast && !chain.Any(t => t.Id == "HighContrast") && ThemeCatalog.Find("HighContrast") is { } contrast)
            {
                sheets.AddRange(contrast.Stylesheets.Select(s => ThemeAssets.Fingerprint($"/themes/{contrast.Id}/{s}")));
            }

            return sheets;
        }
    }

    public bool IsFeatureEnabled(string featureId) => features.IsEnabled(featureId);

    public async Task<IReadOnlyList<MenuLink>> GetMainMenuAsync(CancellationToken cancellationToken = default)
    {
        var links = new List<MenuLink>();
        foreach (var source in menuSources)
        {
            links.AddRange(await source.GetMainMenuAsync(Culture, cancellationToken));
        }

        return [.. links.OrderBy(l => l.Order)];
    }

    public async Task<IReadOnlyList<AdminMenuItem>> GetAdminMenuAsync(CancellationToken cancellationToken = default)
    {
        var user = Http.User;
        var visible = new List<AdminMenuItem>();
        foreach (var provider in adminMenus.Where(p => features.IsEnabled(p.FeatureId)))
        {
            foreach (var item in provider.GetItems())
            {
                if (item.Permission is null
                    ? user.Identity?.IsAuthenticated == true
                    : (await authorization.AuthorizeAsync(user, null, new PermissionRequirement(item.Permission))).Succeeded)
                {
                    visible.Add(item);
                }
            }
        }

        return [.. visible.OrderBy(i => i.Group, StringComparer.Ordinal).ThenBy(i => i.Order)];
    }

    /// <summary>A theme file's URL with its fingerprint (<c>?v=</c>), cached by browsers for a year.</summary>
    public string AssetUrl(string url) => ThemeAssets.Fingerprint(url);

    /// <summary>The page's own address (path and query) without <c>?culture=</c>: where a display setting returns to.</summary>
    public string ReturnUrl => CurrentUrl(keepCulture: false);

    private string CurrentUrl(bool keepCulture)
    {
        var request = Http.Request;
        // An error page shown in place of the requested one (status-code re-execute) returns to what was asked for.
        var original = Http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>();
        var path = original is null ? (request.PathBase + request.Path).ToString() : original.OriginalPathBase + original.OriginalPath;
        var query = QueryHelpers.ParseQuery(original is null ? request.QueryString.Value : original.OriginalQueryString);
        var builder = new QueryBuilder();
        foreach (var (key, values) in query.Where(q => keepCulture || !string.Equals(q.Key, "culture", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var value in values)
            {
                builder.Add(key, value ?? string.Empty);
            }
        }

        return path + builder.ToQueryString();
    }

    /// <summary>A link that sets one display setting (text size, contrast or language) and comes back to this page.
    /// The page keeps a <c>?culture=</c> it was opened with, except when the language itself is being chosen.</summary>
    public string PreferenceUrl(string name, string value)
    {
        var returnUrl = name == "culture" ? ReturnUrl : CurrentUrl(keepCulture: true);
        return QueryHelpers.AddQueryString("/preferences", new Dictionary<string, string?> { [name] = value, ["returnUrl"] = returnUrl });
    }

    /// <summary>The language switch: saves the choice, then shows this page in that language.</summary>
    public string SwitchCultureUrl(string culture) => PreferenceUrl("culture", culture);

    private (int TextSize, bool HighContrast) Preferences => ReadPreferences(Http);

    public static (int TextSize, bool HighContrast) ReadPreferences(HttpContext http)
    {
        var raw = http.Request.Cookies[PreferencesCookie];
        var size = 0;
        var contrast = false;
        foreach (var part in (raw ?? string.Empty).Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal) && int.TryParse(part[2..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t))
            {
                size = Math.Clamp(t, 0, 2);
            }
            else if (part == "c=1")
            {
                contrast = true;
            }
        }

        return (size, contrast);
    }

    public static void WritePreferences(HttpContext http, int textSize, bool highContrast) =>
        http.Response.Cookies.Append(
            PreferencesCookie,
            $"t={Math.Clamp(textSize, 0, 2)}|c={(highContrast ? 1 : 0)}",
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps });
}
