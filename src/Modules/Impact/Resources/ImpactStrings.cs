namespace Portal.Impact.Resources;

/// <summary>Marker for the impact module's strings; <c>ImpactStrings.zh-HK.resx</c> holds the Chinese.</summary>
public sealed class ImpactStrings;
