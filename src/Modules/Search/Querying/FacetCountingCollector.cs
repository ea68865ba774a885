using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Portal.Search.Querying;

/// <summary>Counts facet values (name␟value doc values) over every hit the query and filters let through.</summary>
internal sealed class FacetCountingCollector : ICollector
{
    private readonly Dictionary<string, int> totals = new(StringComparer.Ordinal);
    private readonly List<(SegmentFacets Facets, FixedBitSet Hits)> collected = [];
    private SegmentFacets? segment;
    private FixedBitSet? hits;
    private int[] counts = [];

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        segment = SegmentFacets.For(context.AtomicReader);
        counts = segment is null ? [] : new int[segment.Labels.Length];
        hits = segment is null ? null : new FixedBitSet(context.AtomicReader.MaxDoc);
        if (segment is not null)
        {
            collected.Add((segment, hits!));
        }
    }

    public void Collect(int doc)
    {
        if (segment is null)
        {
            return;
        }

        hits!.Set(doc);
        var ords = segment.Ords;
        for (int i = segment.Starts[doc], end = segment.Starts[doc + 1]; i < end; i++)
        {
            counts[ords[i]]++;
        }
    }

    /// <summary>
    /// How many hits have at least one of <paramref name="values"/> of <paramref name="facet"/>: a document with two of
    /// them (認知障礙症 and dementia, shown as one option) counts once.
    /// </summary>
    public int CountAny(string facet, IReadOnlyCollection<string> values)
    {
        var wanted = values.Select(v => SearchFields.FacetTerm(facet, v)).ToHashSet(StringComparer.Ordinal);
        var count = 0;
        foreach (var (facets, docs) in collected)
        {
            var ordinals = new HashSet<int>();
            for (var ord = 0; ord < facets.Labels.Length; ord++)
            {
                if (wanted.Contains(facets.Labels[ord]))
                {
                    ordinals.Add(ord);
                }
            }

            if (ordinals.Count == 0)
            {
                continue;
            }

            for (var doc = docs.NextSetBit(0); doc >= 0; doc = doc + 1 < docs.Length ? docs.NextSetBit(doc + 1) : -1)
            {
                for (int i = facets.Starts[doc], end = facets.Starts[doc + 1]; i < end; i++)
                {
                    if (ordinals.Contains(facets.Ords[i]))
                    {
                        count++;
                        break;
                    }
                }
            }
        }

        return count;
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
        if (segment is null)
        {
            return;
        }

        for (var ord = 0; ord < counts.Length; ord++)
        {
            if (counts[ord] > 0)
            {
                var key = segment.Labels[ord];
                totals[key] = totals.GetValueOrDefault(key) + counts[ord];
            }
        }

        segment = null;
        counts = [];
    }

    /// <summary>
    /// A segment's facet values as flat arrays (doc → ordinals, ordinal → label), built once per segment:
    /// segments never change, so counting a hit is two array reads instead of a doc-values lookup.
    /// </summary>
    private sealed class SegmentFacets
    {
        private static readonly ConditionalWeakTable<object, SegmentFacets> Cache = new();

        private SegmentFacets(int[] starts, int[] ords, string[] labels)
        {
            Starts = starts;
            Ords = ords;
            Labels = labels;
        }

        public int[] Starts { get; }

        public int[] Ords { get; }

        public string[] Labels { get; }

        public static SegmentFacets? For(AtomicReader reader)
        {
            var values = reader.GetSortedSetDocValues(SearchFields.FacetValues);
            if (values is null)
            {
                return null;
            }

            return Cache.GetValue(reader.CoreCacheKey, _ => Build(values, reader.MaxDoc));
        }

        private static SegmentFacets Build(SortedSetDocValues values, int maxDoc)
        {
            var starts = new int[maxDoc + 1];
            var ords = new List<int>(maxDoc * 4);
            for (var doc = 0; doc < maxDoc; doc++)
            {
                starts[doc] = ords.Count;
                values.SetDocument(doc);
                long ord;
                while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                {
                    ords.Add((int)ord);
                }
            }

            starts[maxDoc] = ords.Count;
            var labels = new string[values.ValueCount];
            var bytes = new BytesRef();
            for (var ord = 0; ord < labels.Length; ord++)
            {
                values.LookupOrd(ord, bytes);
                labels[ord] = bytes.Utf8ToString();
            }

            return new SegmentFacets(starts, [.. ords], labels);
        }
    }
}
