using Portal.Themes;

[assembly: Theme("Default", "Default", "Calm, accessible and responsive; Traditional Chinese first.", Stylesheets = ["styles/site.css"])]
[assembly: Theme("HighContrast", "Large text, high contrast", "Larger type, strong contrast and thick focus outlines.", BaseTheme = "Default", Stylesheets = ["styles/contrast.css"])]

namespace Portal.Themes;

/// <summary>Marker for the themes assembly: its embedded files are served under <c>/themes</c>.</summary>
public static class ThemesAssembly;
