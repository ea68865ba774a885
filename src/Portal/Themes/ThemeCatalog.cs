using System.Reflection;
using Microsoft.AspNetCore.Mvc.Razor;
using Portal.Hosting.Data;
using Portal.Themes;

namespace Portal.Hosting.Themes;

/// <summary>The themes shipped in <c>Portal.Themes</c> and the site's active one.</summary>
public sealed class ThemeCatalog(SiteSettingsStore settings)
{
    public const string DefaultTheme = "Default";

    public static IReadOnlyList<ThemeAttribute> All { get; } =
        [.. typeof(ThemeAttribute).Assembly.GetCustomAttributes<ThemeAttribute>()
            .Concat(AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "Portal.Themes").SelectMany(a => a.GetCustomAttributes<ThemeAttribute>()))
            .DistinctBy(t => t.Id)];

    public ThemeAttribute Active
    {
        get
        {
            var id = settings.Get(SiteSettingsStore.ThemeKey) ?? DefaultTheme;
            return Find(id) ?? Find(DefaultTheme)!;
        }
    }

    public static ThemeAttribute? Find(string id) => All.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The active theme and its base themes, most specific first.</summary>
    public IReadOnlyList<string> ActiveChain()
    {
        var chain = new List<string>();
        for (var theme = Active; theme is not null && !chain.Contains(theme.Id); theme = theme.BaseTheme is null ? null : Find(theme.BaseTheme))
        {
            chain.Add(theme.Id);
        }

        return chain;
    }
}

/// <summary>Looks for a view in the active theme (then its base theme) before the module's own location.</summary>
internal sealed class ThemeViewLocationExpander : IViewLocationExpander
{
    private const string ThemeKey = "theme";

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        var themes = context.ActionContext.HttpContext.RequestServices.GetRequiredService<ThemeCatalog>();
        context.Values[ThemeKey] = string.Join(',', themes.ActiveChain());
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        if (!context.Values.TryGetValue(ThemeKey, out var chain) || string.IsNullOrEmpty(chain))
        {
            return viewLocations;
        }

        var themed = new List<string>();
        foreach (var theme in chain.Split(','))
        {
            if (context.AreaName is not null)
            {
                themed.Add($"/{theme}/Views/{{2}}/{{1}}/{{0}}.cshtml");
            }

            themed.Add($"/{theme}/Views/{{1}}/{{0}}.cshtml");
            themed.Add($"/{theme}/Views/Shared/{{0}}.cshtml");
        }

        return themed.Concat(viewLocations);
    }
}
