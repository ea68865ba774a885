using System.Collections;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Queries.Function;
using Lucene.Net.Queries.Function.DocValues;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Portal.Search.Querying;

/// <summary>
/// Prefers the reader's language when scores are close: a hit in it scores <see cref="Factor"/> times as much, so it
/// moves above a hit in the other language only when the two were within that factor of each other. Nothing is hidden.
/// </summary>
internal static class CulturePreference
{
    public const float Factor = 1.5f;

    public static Query Apply(Query query, string? culture)
    {
        if (string.IsNullOrWhiteSpace(culture))
        {
            return query;
        }

        var normalized = culture.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-HK" : culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : null;
        return normalized is null ? query : new CustomScoreQuery(query, new FunctionQuery(new CultureValueSource(normalized))) { IsStrict = true };
    }

    /// <summary><see cref="Factor"/> for documents in the culture, 1 for the others (from the culture field, cached per segment by the field cache).</summary>
    private sealed class CultureValueSource : ValueSource
    {
        public CultureValueSource(string culture) => Culture = culture;

        private string Culture { get; }

        public override FunctionValues GetValues(IDictionary context, AtomicReaderContext readerContext)
        {
            var values = FieldCache.DEFAULT.GetTermsIndex(readerContext.AtomicReader, SearchFields.Culture);
            var ord = values.LookupTerm(new BytesRef(Culture));
            return new Values(this, values, ord);
        }

        public override bool Equals(object? o) => o is CultureValueSource other && other.Culture == Culture;

        public override int GetHashCode() => Culture.GetHashCode(StringComparison.Ordinal);

        public override string GetDescription() => "culture=" + Culture;

        private sealed class Values(ValueSource source, SortedDocValues values, int ord) : SingleDocValues(source)
        {
            public override float SingleVal(int doc) => ord >= 0 && values.GetOrd(doc) == ord ? Factor : 1f;
        }
    }
}
