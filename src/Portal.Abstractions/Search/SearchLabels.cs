namespace Portal.Search;

/// <summary>
/// Names, in the reader's language, what a module puts in the search index: its document types
/// (<see cref="SearchDocument.Type"/>) and the values of the facets it sets (<see cref="SearchDocument.Facets"/>),
/// so the search page and API never show a slug. A module that feeds the index registers one next to its
/// <see cref="ISearchDocumentSource"/>: <c>services.AddScoped&lt;ISearchLabelProvider, MyLabels&gt;()</c>.
/// </summary>
/// <remarks>
/// The search module asks in batches (all values of one facet on a page at once) and caches the answers briefly,
/// so a provider may read its database once per call. Values a provider does not know are left out of its
/// answer; the search module then shows the value itself. <c>culture</c> is always <c>zh-HK</c> or <c>en</c>.
/// </remarks>
public interface ISearchLabelProvider
{
    /// <summary>Facet names whose values this provider names, e.g. <c>category</c>, <c>condition</c>.</summary>
    IReadOnlyCollection<string> Facets { get; }

    /// <summary>Display name of each document type this module indexes (type → name) in <paramref name="culture"/>,
    /// e.g. <c>kb-article</c> → 知識文章.</summary>
    IReadOnlyDictionary<string, string> GetDocumentTypeNames(string culture);

    /// <summary>Display labels in <paramref name="culture"/> for values of <paramref name="facet"/> (value → label);
    /// values the provider does not know are omitted.</summary>
    Task<IReadOnlyDictionary<string, string>> GetLabelsAsync(
        string facet,
        IReadOnlyCollection<string> values,
        string culture,
        CancellationToken cancellationToken = default);
}
