using Portal.Navigation;

namespace Portal.Themes;

/// <summary>What a theme's layout needs to know about the current request and site. Implemented by the host.</summary>
public interface IShellContext
{
    /// <summary>The site's name in the current language.</summary>
    string SiteName { get; }

    /// <summary><c>zh-HK</c> or <c>en</c>.</summary>
    string Culture { get; }

    /// <summary>0 = normal, 1 = large, 2 = largest (the person's choice).</summary>
    int TextSize { get; }

    bool HighContrast { get; }

    /// <summary>Stylesheet URLs of the active theme chain, base theme first.</summary>
    IReadOnlyList<string> Stylesheets { get; }

    bool IsFeatureEnabled(string featureId);

    Task<IReadOnlyList<MenuLink>> GetMainMenuAsync(CancellationToken cancellationToken = default);

    /// <summary>Admin menu items the current person may see, of enabled features only.</summary>
    Task<IReadOnlyList<AdminMenuItem>> GetAdminMenuAsync(CancellationToken cancellationToken = default);

    /// <summary>The language switch: a link that saves <paramref name="culture"/> as the person's choice and comes back
    /// to this page (a link's own <c>?culture=</c> shows one page in a language but is never saved).</summary>
    string SwitchCultureUrl(string culture);

    /// <summary>A plain link that sets one display setting (<c>textSize</c> 0–2, <c>highContrast</c> true/false) and
    /// comes back to this page; no form, so a page needs no antiforgery token for it and can be cached.</summary>
    string PreferenceUrl(string name, string value);

    /// <summary>A theme file's URL (<c>/themes/…</c>) with a fingerprint (<c>?v=</c>), cached for a year.</summary>
    string AssetUrl(string url);
}
