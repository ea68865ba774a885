namespace Portal.Content.Resources;

/// <summary>Marker for the content module's strings; <c>ContentStrings.zh-HK.resx</c> holds the Chinese.</summary>
public sealed class ContentStrings;
