namespace Portal.Search;

/// <summary>Field names of the Lucene index.</summary>
internal static class SearchFields
{
    public const string Key = "key";
    public const string Id = "id";
    public const string Type = "type";
    public const string Culture = "culture";
    /// <summary>Stored only: the title as the module gave it (shown and highlighted).</summary>
    public const string Title = "title";

    /// <summary>Stored only: the plain-text body (snippets are taken from it).</summary>
    public const string Body = "body";

    /// <summary>Indexed: title (twice, to weigh it) and body as bigrams, with a position gap between them.</summary>
    public const string Text = "text";

    /// <summary>Indexed: Chinese characters one by one.</summary>
    public const string TextUnigram = "text_uni";

    /// <summary>Indexed: Chinese as character trigrams (a three-character word is one term).</summary>
    public const string TextTrigram = "text_tri";

    /// <summary>Indexed: Latin-script words, stemmed.</summary>
    public const string TextEnglish = "text_en";

    public const string Url = "url";

    /// <summary>Binary doc value: what a result line shows, packed (see <see cref="Indexing.HitDisplayCodec"/>).</summary>
    public const string Display = "display_dv";
    public const string Updated = "updated";
    public const string UpdatedSort = "updated_dv";
    public const string Audience = "audience";
    public const string Facet = "facet";
    public const string FacetValues = "facet_dv";
    public const string Translation = "translation";

    /// <summary>Indexed: the feature of the module that owns the document (see <see cref="Services.SourceFeatures"/>).</summary>
    public const string Feature = "feature";

    /// <summary>Separates a facet's name from its value in <see cref="Facet"/> terms.</summary>
    public const char FacetSeparator = '\u001f';

    public const string TypeFacet = "type";
    public const string CultureFacet = "culture";

    public static string FacetTerm(string name, string value) => name + FacetSeparator + value;

    public static string ItemKey(string source, string itemId) => source + FacetSeparator + itemId;

    public const string LastLogIdCommitKey = "portal.lastLogId";

    /// <summary>Commit data: the index layout version. An index of another version is rebuilt at start-up.</summary>
    public const string SchemaCommitKey = "portal.schema";

    /// <summary>2: trigram field and packed result display added. 3: the owning feature of each document. 4: the
    /// Chinese-only and Latin-only fields normalised by the whole document's length.</summary>
    public const string SchemaVersion = "4";
}
