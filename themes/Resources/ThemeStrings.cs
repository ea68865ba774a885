namespace Portal.Themes.Resources;

/// <summary>Marker for the layouts' strings; <c>ThemeStrings.zh-HK.resx</c> holds the Chinese.</summary>
public sealed class ThemeStrings;
