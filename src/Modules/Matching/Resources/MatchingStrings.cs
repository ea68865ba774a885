namespace Portal.Matching.Resources;

/// <summary>Marker for the module's strings: the key is the English text; MatchingStrings.zh-HK.resx holds the Chinese.</summary>
public sealed class MatchingStrings
{
}
