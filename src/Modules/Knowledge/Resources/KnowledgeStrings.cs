namespace Portal.Knowledge;

/// <summary>Marker for the module's localized strings (key = English text; zh-HK in the resx).</summary>
public sealed class KnowledgeStrings
{
    private KnowledgeStrings()
    {
    }
}
