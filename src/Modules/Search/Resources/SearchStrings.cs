namespace Portal.Search.Resources;

/// <summary>Marker for the module's localized strings (key = English text; SearchStrings.zh-HK.resx holds the Chinese).</summary>
public sealed class SearchStrings
{
    private SearchStrings()
    {
    }
}
