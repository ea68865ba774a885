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

    /// <summary>The current URL with <c>?culture=</c> set to the other language.</summary>
    string SwitchCultureUrl(string culture);
}
