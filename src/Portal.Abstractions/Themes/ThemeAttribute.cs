namespace Portal.Themes;

/// <summary>Declares a theme shipped in a themes assembly. Its views live under <c>/{Id}/Views/…</c> and its
/// static files are served from <c>/themes/{Id}/…</c>.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class ThemeAttribute(string id, string name, string description) : Attribute
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public string Description { get; } = description;

    /// <summary>A theme whose views and styles this one builds on.</summary>
    public string? BaseTheme { get; set; }

    /// <summary>Stylesheets of the theme, relative to its folder, e.g. <c>styles/site.css</c>.</summary>
    public string[] Stylesheets { get; set; } = [];
}
