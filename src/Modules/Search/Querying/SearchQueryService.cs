using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging;
using Portal.Modules;
using Portal.Search.Indexing;

namespace Portal.Search.Querying;

/// <summary>Supplies the current synonym list (staff-edited; changes apply without a restart).</summary>
internal interface ISynonymSource
{
    ValueTask<SynonymSet> GetAsync(CancellationToken cancellationToken = default);
}

/// <summary>Receives each first-page query with its hit count (no person, no address) for the staff report.</summary>
internal interface IQueryRecorder
{
    void Record(string query, int hits);
}

/// <summary>
/// Runs searches for a person's audiences. The audience filter is part of the Lucene query, so totals, facets,
/// snippets and suggestions are computed only over items the person may open.
/// </summary>
internal sealed class SearchQueryService(
    SearchIndex index,
    ISynonymSource synonyms,
    IQueryRecorder recorder,
    IEnumerable<IFeatureChecker> featureCheckers,
    ILogger<SearchQueryService> logger)
{
    // The host's checker; none (the module's own tests): every feature counts as enabled.
    private readonly IFeatureChecker? features = featureCheckers.LastOrDefault();

    public const int SnippetLength = 160;
    private const int MaxFacetValues = 20;

    public async Task<SearchResult> SearchAsync(SearchRequest request, IReadOnlyCollection<string> audiences, CancellationToken cancellationToken = default)
    {
        var page = Math.Clamp(request.Page, 1, SearchRequest.MaxPage);
        var pageSize = Math.Clamp(request.PageSize, 1, SearchRequest.MaxPageSize);
        var set = await synonyms.GetAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(request.Query) || audiences.Count == 0 || !index.IsOpen)
        {
            return SearchResult.Empty(request.Query, page, pageSize);
        }

        var searcher = index.TryAcquireSearcher();
        if (searcher is null)
        {
            return SearchResult.Empty(request.Query, page, pageSize);
        }

        try
        {
            // Built against this searcher's statistics: a synonym is weighed against the typed word by how rare each is.
            var built = new SearchQueryBuilder(set, searcher.IndexReader).Build(request.Query);
            if (built is null)
            {
                return SearchResult.Empty(request.Query, page, pageSize);
            }

            var disabled = DisabledFeatures(searcher);
            var filter = BuildFilter(audiences, request.Filters, disabled);
            var result = Run(searcher, CulturePreference.Apply(built.Strict, request.Culture), filter, built.Terms, request.Sort, page, pageSize);
            if (result.Total == 0 && built.Relaxed is not null)
            {
                result = Run(searcher, CulturePreference.Apply(built.Relaxed, request.Culture), filter, built.RelaxedTerms, request.Sort, page, pageSize) with { Relaxed = true };
            }

            if (result.Total == 0)
            {
                result = result with
                {
                    DidYouMean = SuggestSpelling(searcher, built, filter),
                    RelatedCategories = RelatedCategories(searcher, BuildFilter(audiences, new Dictionary<string, IReadOnlyList<string>>(), disabled)),
                };
            }

            if (request.Log && page == 1)
            {
                recorder.Record(request.Query!, result.Total);
            }

            return result with { Query = request.Query ?? "" };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A query must never fail the page: log it and answer "nothing found".
            logger.LogError(ex, "Search failed.");
            return SearchResult.Empty(request.Query, page, pageSize);
        }
        finally
        {
            index.ReleaseSearcher(searcher);
        }
    }

    private static SearchResult Run(IndexSearcher searcher, Query query, Filter filter, QueryTerms terms, SearchSort sort, int page, int pageSize)
    {
        var wanted = page * pageSize;
        ITopDocsCollector top = sort == SearchSort.Date
            ? TopFieldCollector.Create(new Sort(new SortField(SearchFields.UpdatedSort, SortFieldType.INT64, true)), wanted, true, true, false, false)
            : TopScoreDocCollector.Create(wanted, false);
        var facets = new FacetCountingCollector();
        searcher.Search(query, filter, MultiCollector.Wrap((ICollector)top, facets));
        var pageDocs = sort == SearchSort.Date
            ? top.GetTopDocs((page - 1) * pageSize, pageSize).ScoreDocs
            : NewestFirstOnTies(searcher.IndexReader, top.GetTopDocs(0, wanted).ScoreDocs).Skip((page - 1) * pageSize).Take(pageSize).ToArray();
        var hits = new List<SearchHit>(pageDocs.Length);
        foreach (var scoreDoc in pageDocs)
        {
            var display = HitDisplayCodec.Read(searcher.IndexReader, scoreDoc.Doc, out var bodyIsPrefix);
            var body = display.Body;
            if (bodyIsPrefix && SnippetHighlighter.FindRanges(body, terms).Count == 0)
            {
                // A long body cut to fit the doc value, with the match further on: read all of it.
                body = HitDisplayCodec.ReadStoredBody(searcher.IndexReader, scoreDoc.Doc);
            }

            // A loose match (周年大會 in 周年會員大會) holds the bigrams, not the whole run: mark those.
            var marked = SnippetHighlighter.FindRanges(body, terms).Count == 0 && SnippetHighlighter.FindRanges(display.Title, terms).Count == 0
                ? terms.Loosened()
                : terms;

            hits.Add(new SearchHit(
                display.Id,
                display.Type,
                display.Culture,
                display.Title,
                SnippetHighlighter.Highlight(display.Title, marked, 500),
                display.Url,
                SnippetHighlighter.Highlight(body, marked, SnippetLength),
                float.IsNaN(scoreDoc.Score) ? 0 : scoreDoc.Score,
                new DateTimeOffset(display.UpdatedTicks, TimeSpan.Zero)));
        }

        return new SearchResult
        {
            Total = top.TotalHits,
            Hits = hits,
            Facets = facets.GetFacets(MaxFacetValues),
            DistinctCounter = facets.CountAny,
            Page = page,
            PageSize = pageSize,
        };
    }

    /// <summary>
    /// Equally relevant hits newest first, never in the order a (parallel) rebuild happened to add them: the collected
    /// hits are re-ordered only where scores tie, which a page of hits rarely has, so it costs nothing otherwise.
    /// </summary>
    private static ScoreDoc[] NewestFirstOnTies(IndexReader reader, ScoreDoc[] docs)
    {
        var tied = false;
        for (var i = 1; i < docs.Length && !tied; i++)
        {
            tied = docs[i].Score == docs[i - 1].Score;
        }

        if (!tied)
        {
            return docs;
        }

        var updated = MultiDocValues.GetNumericValues(reader, SearchFields.UpdatedSort);
        return updated is null
            ? docs
            : [.. docs.OrderByDescending(d => d.Score).ThenByDescending(d => updated.Get(d.Doc)).ThenBy(d => d.Doc)];
    }

    /// <summary>
    /// The features named in the index (a handful of terms) that are disabled now. Asked on every search, so a feature
    /// switched off or on (on this node or, through the feature cache, on another) changes results at once, with no
    /// rebuild: the documents stay in the index and the filter leaves them out.
    /// </summary>
    private IReadOnlyList<string> DisabledFeatures(IndexSearcher searcher)
    {
        if (features is null)
        {
            return [];
        }

        var terms = MultiFields.GetTerms(searcher.IndexReader, SearchFields.Feature);
        if (terms is null)
        {
            return [];
        }

        var disabled = new List<string>();
        var e = terms.GetEnumerator();
        while (e.MoveNext())
        {
            var feature = e.Term.Utf8ToString();
            if (!features.IsEnabled(feature))
            {
                disabled.Add(feature);
            }
        }

        return disabled;
    }

    internal static Filter BuildFilter(
        IReadOnlyCollection<string> audiences,
        IReadOnlyDictionary<string, IReadOnlyList<string>> facetFilters,
        IReadOnlyList<string>? disabledFeatures = null)
    {
        var audienceFilter = AudienceFilters.Get(audiences);
        var selected = facetFilters.Where(f => f.Value.Count > 0).ToList();
        if (selected.Count == 0 && disabledFeatures is not { Count: > 0 })
        {
            return audienceFilter;
        }

        var all = new BooleanFilter { { audienceFilter, Occur.MUST } };
        if (disabledFeatures is { Count: > 0 })
        {
            // Hits, totals, facet counts, suggestions and related categories all use this one filter, so they agree.
            all.Add(new TermsFilter(SearchFields.Feature, [.. disabledFeatures.Select(f => new BytesRef(f))]), Occur.MUST_NOT);
        }

        foreach (var (name, values) in selected)
        {
            all.Add(new TermsFilter(SearchFields.Facet, [.. values.Distinct(StringComparer.Ordinal).Select(v => new BytesRef(SearchFields.FacetTerm(name, v)))]), Occur.MUST);
        }

        return all;
    }

    /// <summary>
    /// Replaces each English word by the closest indexed spelling: fewest edits first (a letter added, dropped, changed
    /// or two swapped), then the commonest; at most one edit for words of up to four letters, two for longer ones, so
    /// nothing is suggested when nothing is close. Offered only if the result finds something this person may see.
    /// </summary>
    private static string? SuggestSpelling(IndexSearcher searcher, BuiltQuery built, Filter filter)
    {
        var changed = false;
        var words = new List<string>(built.Words.Count);
        foreach (var typed in built.Words)
        {
            var word = typed.ToLowerInvariant();
            var replacement = typed;
            if (word.Length >= 3 && word.All(c => c < 0x80 && char.IsLetter(c)))
            {
                var maxEdits = word.Length <= 4 ? 1 : 2;
                var found = new HashSet<Term>();
                searcher.Rewrite(new FuzzyQuery(new Term(SearchFields.Text, word), maxEdits)).ExtractTerms(found);
                var best = found
                    .Where(t => t.Text != word)
                    .Select(t => (Term: t, Distance: EditDistance(word, t.Text)))
                    .Where(c => c.Distance <= maxEdits)
                    .OrderBy(c => c.Distance)
                    .ThenByDescending(c => searcher.IndexReader.DocFreq(c.Term))
                    .ThenBy(c => c.Term.Text, StringComparer.Ordinal)
                    .Select(c => c.Term)
                    .FirstOrDefault();
                if (best is not null && searcher.IndexReader.DocFreq(new Term(SearchFields.Text, word)) == 0)
                {
                    replacement = best.Text;
                    changed = true;
                }
            }

            words.Add(replacement);
        }

        if (!changed)
        {
            return null;
        }

        var suggestion = string.Join(' ', words);
        var check = new SearchQueryBuilder(SynonymSet.Empty).Build(suggestion);
        if (check is null)
        {
            return null;
        }

        var count = new TotalHitCountCollector();
        searcher.Search(check.Strict, filter, count);
        return count.TotalHits > 0 ? suggestion : null;
    }

    /// <summary>Edits between two words: insertions, deletions, substitutions and swaps of neighbours (optimal string alignment).</summary>
    internal static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    private static IReadOnlyList<FacetValue> RelatedCategories(IndexSearcher searcher, Filter audienceOnly)
    {
        var facets = new FacetCountingCollector();
        searcher.Search(new MatchAllDocsQuery(), audienceOnly, facets);
        return facets.GetFacets(5).GetValueOrDefault("category") ?? [];
    }
}

/// <summary>
/// Audience filters cached per set of audiences; <see cref="CachingWrapperFilter"/> keeps one bit set per
/// segment, so the filter costs nothing after the first search on a segment. Bounded: cleared when full.
/// </summary>
internal static class AudienceFilters
{
    private const int MaxEntries = 2000;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Filter> Cache = new(StringComparer.Ordinal);

    public static Filter Get(IReadOnlyCollection<string> audiences)
    {
        var sorted = audiences.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var key = string.Join('\n', sorted);
        if (Cache.TryGetValue(key, out var filter))
        {
            return filter;
        }

        if (Cache.Count >= MaxEntries)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd(key, _ => new CachingWrapperFilter(new TermsFilter(SearchFields.Audience, [.. sorted.Select(a => new BytesRef(a))])));
    }
}
