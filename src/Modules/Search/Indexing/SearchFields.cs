namespace Portal.Search;

/// <summary>Field names of the Lucene index.</summary>
internal static class SearchFields
{
    public const string Key = "key";
    public const string Id = "id";
    public const string Type = "type";
    public const string Culture = "culture";
    public const string Title = "title";
    public const string TitleUnigram = "title_uni";
    public const string TitleEnglish = "title_en";
    public const string Body = "body";
    public const string BodyUnigram = "body_uni";
    public const string BodyEnglish = "body_en";
    public const string Url = "url";
    public const string Updated = "updated";
    public const string UpdatedSort = "updated_dv";
    public const string Audience = "audience";
    public const string Facet = "facet";
    public const string FacetValues = "facet_dv";
    public const string Translation = "translation";

    /// <summary>Separates a facet's name from its value in <see cref="Facet"/> terms.</summary>
    public const char FacetSeparator = '\u001f';

    public const string TypeFacet = "type";
    public const string CultureFacet = "culture";

    public static string FacetTerm(string name, string value) => name + FacetSeparator + value;

    public static string ItemKey(string source, string itemId) => source + FacetSeparator + itemId;

    public const string LastLogIdCommitKey = "portal.lastLogId";
}
