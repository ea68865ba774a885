namespace Portal.Academy.Resources;

/// <summary>Marker for the academy's localized strings (<c>AcademyStrings.zh-HK.resx</c>).</summary>
public sealed class AcademyStrings
{
}
