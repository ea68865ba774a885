using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Portal.Search.Querying;

/// <summary>Counts facet values (name␟value doc values) over every hit the query and filters let through.</summary>
internal sealed class FacetCountingCollector : ICollector
{
    private readonly Dictionary<string, int> totals = new(StringComparer.Ordinal);
    private SortedSetDocValues? values;
    private int[] counts = [];

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        values = context.AtomicReader.GetSortedSetDocValues(SearchFields.FacetValues);
        counts = values is null ? [] : new int[values.ValueCount];
    }

    public void Collect(int doc)
    {
        if (values is null)
        {
            return;
        }

        values.SetDocument(doc);
        long ord;
        while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
        {
            counts[ord]++;
        }
    }

    /// <summary>facet name → values with counts, most frequent first.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> GetFacets(int maxValuesPerFacet)
    {
        Flush();
        var result = new Dictionary<string, IReadOnlyList<FacetValue>>(StringComparer.Ordinal);
        foreach (var group in totals.GroupBy(t => t.Key[..t.Key.IndexOf(SearchFields.FacetSeparator, StringComparison.Ordinal)], StringComparer.Ordinal))
        {
            result[group.Key] =
            [
                .. group
                    .Select(t => new FacetValue(t.Key[(group.Key.Length + 1)..], t.Value))
                    .OrderByDescending(v => v.Count)
                    .ThenBy(v => v.Value, StringComparer.Ordinal)
                    .Take(maxValuesPerFacet),
            ];
        }

        return result;
    }

    private void Flush()
    {
        if (values is null)
        {
            return;
        }

        var bytes = new BytesRef();
        for (var ord = 0; ord < counts.Length; ord++)
        {
            if (counts[ord] > 0)
            {
                values.LookupOrd(ord, bytes);
                var key = bytes.Utf8ToString();
                totals[key] = totals.GetValueOrDefault(key) + counts[ord];
            }
        }

        values = null;
        counts = [];
    }
}
