namespace Portal.Resources;

/// <summary>Marker for the site admin's strings (features, themes, recipes, settings);
/// <c>SiteAdminStrings.zh-HK.resx</c> holds the Chinese.</summary>
public sealed class SiteAdminStrings;
