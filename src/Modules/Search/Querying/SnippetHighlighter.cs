using System.Net;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Portal.Search.Analysis;

namespace Portal.Search.Querying;

/// <summary>
/// Marks the words a query matched in stored text: re-analyses the text with the index's chains, keeps the
/// offsets of tokens the query looked for, merges overlapping ranges (bigrams 照顧 + 顧者 → one 照顧者 mark) and
/// HTML-encodes everything else. Offsets are those of the original text because folding keeps lengths.
/// </summary>
internal static class SnippetHighlighter
{
    public const int MaxAnalysedLength = 20_000;

    public static string Highlight(string text, QueryTerms terms, int maxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var analysed = text.Length > MaxAnalysedLength ? text[..MaxAnalysedLength] : text;
        var ranges = FindRanges(analysed, terms);
        var (start, end) = ChooseWindow(text.Length, ranges, maxLength);
        if (start > 0 && char.IsLowSurrogate(text[start]))
        {
            start++;
        }

        if (end < text.Length && char.IsLowSurrogate(text[end]))
        {
            end--;
        }
        var html = new StringBuilder(maxLength * 2);
        if (start > 0)
        {
            html.Append('…');
        }

        var position = start;
        foreach (var (from, to) in ranges)
        {
            if (to <= start || from >= end)
            {
                continue;
            }

            var a = Math.Max(from, start);
            var b = Math.Min(to, end);
            if (a > position)
            {
                html.Append(WebUtility.HtmlEncode(text[position..a]));
            }

            html.Append("<mark>").Append(WebUtility.HtmlEncode(text[a..b])).Append("</mark>");
            position = b;
        }

        if (position < end)
        {
            html.Append(WebUtility.HtmlEncode(text[position..end]));
        }

        if (end < text.Length)
        {
            html.Append('…');
        }

        return html.ToString();
    }

    internal static List<(int Start, int End)> FindRanges(string text, QueryTerms terms)
    {
        var ranges = new List<(int Start, int End)>();
        if (terms.Bigram.Count > 0 || terms.Phrases.Count > 0)
        {
            CollectBigrams(text, terms, ranges);
        }

        if (terms.Unigram.Count > 0)
        {
            Collect(SearchAnalyzers.Unigram, text, terms.Unigram, ranges);
        }

        if (terms.English.Count > 0)
        {
            Collect(SearchAnalyzers.English, text, terms.English, ranges);
        }

        ranges.Sort((x, y) => x.Start != y.Start ? x.Start.CompareTo(y.Start) : x.End.CompareTo(y.End));
        var merged = new List<(int Start, int End)>(ranges.Count);
        foreach (var range in ranges)
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, range.End));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    /// <summary>Single bigram terms wherever they occur; phrases only where all their bigrams follow each other.</summary>
    private static void CollectBigrams(string text, QueryTerms terms, List<(int, int)> ranges)
    {
        var tokens = new List<(string Term, int Position, int Start, int End)>();
        using (var stream = SearchAnalyzers.Bigram.GetTokenStream(SearchFields.Body, text))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var offset = stream.AddAttribute<IOffsetAttribute>();
            var increment = stream.AddAttribute<IPositionIncrementAttribute>();
            stream.Reset();
            var position = -1;
            while (stream.IncrementToken())
            {
                position += increment.PositionIncrement;
                tokens.Add((term.ToString(), position, offset.StartOffset, offset.EndOffset));
            }

            stream.End();
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            if (terms.Bigram.Contains(tokens[i].Term))
            {
                ranges.Add((tokens[i].Start, tokens[i].End));
            }

            foreach (var phrase in terms.Phrases)
            {
                if (i + phrase.Count > tokens.Count)
                {
                    continue;
                }

                var match = true;
                for (var k = 0; k < phrase.Count && match; k++)
                {
                    match = tokens[i + k].Term == phrase[k] && tokens[i + k].Position == tokens[i].Position + k;
                }

                if (match)
                {
                    ranges.Add((tokens[i].Start, tokens[i + phrase.Count - 1].End));
                }
            }
        }
    }

    private static void Collect(Analyzer analyzer, string text, HashSet<string> wanted, List<(int, int)> ranges)
    {
        using var stream = analyzer.GetTokenStream(SearchFields.Body, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            if (wanted.Contains(term.ToString()))
            {
                ranges.Add((offset.StartOffset, offset.EndOffset));
            }
        }

        stream.End();
    }

    /// <summary>A window of at most <paramref name="maxLength"/> characters holding as many marks as possible, starting a little before the first.</summary>
    private static (int Start, int End) ChooseWindow(int length, List<(int Start, int End)> ranges, int maxLength)
    {
        if (length <= maxLength)
        {
            return (0, length);
        }

        if (ranges.Count == 0)
        {
            return (0, maxLength);
        }

        var best = ranges[0].Start;
        var bestCount = 0;
        for (var i = 0; i < ranges.Count; i++)
        {
            var count = 0;
            for (var j = i; j < ranges.Count && ranges[j].End <= ranges[i].Start + maxLength; j++)
            {
                count++;
            }

            if (count > bestCount)
            {
                bestCount = count;
                best = ranges[i].Start;
            }
        }

        var start = Math.Max(0, best - (maxLength / 5));
        var end = Math.Min(length, start + maxLength);
        start = Math.Max(0, end - maxLength);
        return (start, end);
    }
}
