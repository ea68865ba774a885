using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Util;

namespace Portal.Search.Analysis;

/// <summary>The four analysis chains of the index. All fold width and script first (<see cref="FoldingCharFilter"/>).</summary>
internal static class SearchAnalyzers
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>Chinese as overlapping bigrams (互助 → 互助; 照顧者 → 照顧 顧者), other words kept whole and lower-cased.</summary>
    public static Analyzer Bigram { get; } = new BigramAnalyzer();

    /// <summary>Chinese characters one by one (for one-character queries); other scripts are dropped.</summary>
    public static Analyzer Unigram { get; } = new UnigramAnalyzer();

    /// <summary>Chinese as overlapping trigrams (照顧者 → 照顧者); runs shorter than three characters give nothing.</summary>
    public static Analyzer Trigram { get; } = new TrigramAnalyzer();

    /// <summary>English words stemmed (volunteering → volunt); Chinese dropped.</summary>
    public static Analyzer English { get; } = new StemmingAnalyzer();

    /// <summary>The analyzer the index writer uses, choosing the chain by field name.</summary>
    public static Analyzer PerField { get; } = new PerFieldAnalyzerWrapper(
        Bigram,
        new Dictionary<string, Analyzer>
        {
            [SearchFields.TextUnigram] = Unigram,
            [SearchFields.TextTrigram] = Trigram,
            [SearchFields.TextEnglish] = English,
        });

    private const int PositionGap = 100;

    private static readonly HashSet<string> CjkTypes =
    [
        StandardTokenizer.TOKEN_TYPES[StandardTokenizer.IDEOGRAPHIC],
        StandardTokenizer.TOKEN_TYPES[StandardTokenizer.HIRAGANA],
        StandardTokenizer.TOKEN_TYPES[StandardTokenizer.KATAKANA],
        StandardTokenizer.TOKEN_TYPES[StandardTokenizer.HANGUL],
    ];

    private sealed class BigramAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new StandardTokenizer(Version, reader);
            TokenStream result = new LowerCaseFilter(Version, source);
            result = new CJKBigramFilter(result);
            result = new StopFilter(Version, result, EnglishAnalyzer.DefaultStopSet);
            return new TokenStreamComponents(source, result);
        }

        protected override TextReader InitReader(string fieldName, TextReader reader) => new FoldingCharFilter(reader);

        // Title and body are separate values of one field: keep phrases from spanning them.
        public override int GetPositionIncrementGap(string fieldName) => PositionGap;
    }

    private sealed class UnigramAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new StandardTokenizer(Version, reader);
            TokenStream result = new TypeTokenFilter(Version, source, CjkTypes, useWhiteList: true);
            return new TokenStreamComponents(source, result);
        }

        protected override TextReader InitReader(string fieldName, TextReader reader) => new FoldingCharFilter(reader);

        // Title and body are separate values of one field: keep phrases from spanning them.
        public override int GetPositionIncrementGap(string fieldName) => PositionGap;
    }

    private sealed class TrigramAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new StandardTokenizer(Version, reader);
            return new TokenStreamComponents(source, new HanTrigramFilter(source));
        }

        protected override TextReader InitReader(string fieldName, TextReader reader) => new FoldingCharFilter(reader);

        // Title and body are separate values of one field: keep phrases from spanning them.
        public override int GetPositionIncrementGap(string fieldName) => PositionGap;
    }

    private sealed class StemmingAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new StandardTokenizer(Version, reader);
            TokenStream result = new TypeTokenFilter(Version, source, CjkTypes, useWhiteList: false);
            result = new EnglishPossessiveFilter(Version, result);
            result = new LowerCaseFilter(Version, result);
            result = new StopFilter(Version, result, EnglishAnalyzer.DefaultStopSet);
            result = new PorterStemFilter(result);
            return new TokenStreamComponents(source, result);
        }

        protected override TextReader InitReader(string fieldName, TextReader reader) => new FoldingCharFilter(reader);

        // Title and body are separate values of one field: keep phrases from spanning them.
        public override int GetPositionIncrementGap(string fieldName) => PositionGap;
    }
}
