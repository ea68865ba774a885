using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Portal.Search.Analysis;

namespace Portal.Search.Querying;

/// <summary>Terms a query looks for, per analysis chain, for the highlighter.</summary>
internal sealed class QueryTerms
{
    public HashSet<string> Bigram { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Unigram { get; } = new(StringComparer.Ordinal);
    public HashSet<string> English { get; } = new(StringComparer.Ordinal);

    /// <summary>Bigram sequences of Chinese words (照顧者 → 照顧, 顧者): marked only where the whole sequence occurs.</summary>
    public List<IReadOnlyList<string>> Phrases { get; } = [];

    public bool IsEmpty => Bigram.Count == 0 && Unigram.Count == 0 && English.Count == 0 && Phrases.Count == 0;

    public void AddBigrams(IReadOnlyList<string> tokens)
    {
        if (tokens.Count == 1)
        {
            Bigram.Add(tokens[0]);
        }
        else if (tokens.Count > 1)
        {
            Phrases.Add(tokens);
        }
    }

    /// <summary>The same terms with every phrase's bigrams marked on their own (for relaxed results).</summary>
    public QueryTerms Loosened()
    {
        var loose = new QueryTerms();
        loose.Bigram.UnionWith(Bigram);
        loose.Unigram.UnionWith(Unigram);
        loose.English.UnionWith(English);
        foreach (var phrase in Phrases)
        {
            loose.Bigram.UnionWith(phrase);
        }

        return loose;
    }
}

/// <summary>
/// A parsed query: the strict form (every word must match), the relaxed form (any word; or, for one long Chinese
/// run, any of its bigrams), the terms to mark for each, and the words.
/// </summary>
internal sealed record BuiltQuery(Query Strict, Query? Relaxed, QueryTerms Terms, IReadOnlyList<string> Words)
{
    /// <summary>What to mark in relaxed results: the same words, or the loose bigrams of a long Chinese run.</summary>
    public QueryTerms RelaxedTerms { get; init; } = Terms;
}

/// <summary>
/// Turns what a person typed into a Lucene query without a syntax that can fail: words are split on spaces,
/// <c>"quoted text"</c> is a phrase, <c>-word</c> excludes; every other character is just text.
/// Chinese runs become trigram terms or phrases (two characters: a bigram; one: the unigram field); other
/// words match stemmed. Synonyms expand a word or the whole query.
/// </summary>
internal sealed class SearchQueryBuilder(SynonymSet synonyms)
{
    public const int MaxQueryLength = 200;

    public BuiltQuery? Build(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var normalized = SynonymSet.Normalize(text.Length > MaxQueryLength ? text[..MaxQueryLength] : text);
        var terms = new QueryTerms();
        var must = new List<Query>();
        var mustNot = new List<Query>();
        var words = new List<string>();

        // The whole query may itself be a (multi-word) synonym.
        var whole = synonyms.Find(normalized.Replace("\"", "", StringComparison.Ordinal).TrimStart('-', '+'));
        if (whole is not null && normalized.Contains(' ', StringComparison.Ordinal))
        {
            var q = ExpandAlternatives(whole, terms);
            if (q is not null)
            {
                must.Add(q);
                words.Add(normalized);
            }
        }
        else
        {
            foreach (var (word, phrase, negated) in Tokenize(normalized))
            {
                var clause = phrase ? BuildPhrase(word, terms) : BuildWord(word, terms, expandSynonyms: true);
                if (clause is null)
                {
                    continue;
                }

                if (negated)
                {
                    mustNot.Add(clause);
                }
                else
                {
                    must.Add(clause);
                    words.Add(word);
                }
            }
        }

        if (must.Count == 0)
        {
            return null;
        }

        var strict = Combine(must, mustNot, Occur.MUST);
        Query? relaxed = null;
        var relaxedTerms = terms;
        if (must.Count > 1)
        {
            var any = (BooleanQuery)Combine(must, mustNot, Occur.SHOULD);
            any.MinimumNumberShouldMatch = 1;
            relaxed = any;
        }
        else if (must.Count == 1 && words.Count == 1 && IsLongChineseRun(words[0]))
        {
            // 照顧者壓力 found nothing as a phrase: try its bigrams as separate words.
            relaxed = BuildLooseChinese(words[0], mustNot);
            relaxedTerms = terms.Loosened();
        }

        return new BuiltQuery(strict, relaxed, terms, words) { RelaxedTerms = relaxedTerms };
    }

    private static Query Combine(List<Query> clauses, List<Query> excluded, Occur occur)
    {
        var query = new BooleanQuery();
        foreach (var clause in clauses)
        {
            query.Add(clause, occur);
        }

        foreach (var clause in excluded)
        {
            query.Add(clause, Occur.MUST_NOT);
        }

        return query;
    }

    private static IEnumerable<(string Word, bool Phrase, bool Negated)> Tokenize(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var negated = false;
            if (text[i] is '-' or '+' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))
            {
                negated = text[i] == '-';
                i++;
            }

            if (text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                var inner = end < 0 ? text[(i + 1)..] : text[(i + 1)..end];
                i = end < 0 ? text.Length : end + 1;
                if (inner.Trim().Length > 0)
                {
                    yield return (inner.Trim(), true, negated);
                }

                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            yield return (text[start..i], false, negated);
        }
    }

    /// <summary>One space-free word, possibly mixing scripts (照顧者stress): each script run must match.</summary>
    private Query? BuildWord(string word, QueryTerms terms, bool expandSynonyms)
    {
        if (expandSynonyms && synonyms.Find(word) is { } group)
        {
            return ExpandAlternatives(group, terms);
        }

        var runs = SplitRuns(word);
        if (runs.Count == 1)
        {
            return runs[0].Han ? BuildChinese(runs[0].Text, terms, expandSynonyms) : BuildOther(runs[0].Text, terms);
        }

        var all = new BooleanQuery();
        foreach (var (text, han) in runs)
        {
            var q = han ? BuildChinese(text, terms, expandSynonyms) : BuildOther(text, terms);
            if (q is not null)
            {
                all.Add(q, Occur.MUST);
            }
        }

        return all.Clauses.Count == 0 ? null : all;
    }

    private Query? ExpandAlternatives(IReadOnlyList<string> alternatives, QueryTerms terms)
    {
        var any = new BooleanQuery();
        foreach (var alternative in alternatives)
        {
            var q = alternative.Contains(' ', StringComparison.Ordinal)
                ? BuildPhrase(alternative, terms)
                : BuildWord(alternative, terms, expandSynonyms: false);
            if (q is not null)
            {
                any.Add(q, Occur.SHOULD);
            }
        }

        return any.Clauses.Count == 0 ? null : any;
    }

    private Query? BuildChinese(string run, QueryTerms terms, bool expandSynonyms)
    {
        if (expandSynonyms && synonyms.Find(run) is { } group)
        {
            return ExpandAlternatives(group, terms);
        }

        if (run.Length == 1 || (run.Length == 2 && char.IsSurrogatePair(run, 0)))
        {
            terms.Unigram.Add(run);
            return new TermQuery(new Term(SearchFields.TextUnigram, run));
        }

        var tokens = Analyze(SearchAnalyzers.Bigram, run);
        terms.AddBigrams([.. tokens.Select(t => t.Term)]);

        // Three characters or more: the trigram field matches the same adjacent sequence with one term per three
        // characters (照顧者: one term instead of a phrase of 照顧 + 顧者), which is far more selective and needs no
        // positions for a three-character word. Only when the run is unbroken; otherwise the bigram phrase.
        var characters = run.Length - run.Count(char.IsLowSurrogate);
        if (characters >= 3)
        {
            var trigrams = Analyze(SearchAnalyzers.Trigram, run);
            if (trigrams.Count == characters - 2 && trigrams[^1].Position == trigrams.Count - 1)
            {
                return Single(trigrams, SearchFields.TextTrigram);
            }
        }

        return Single(tokens, SearchFields.Text);
    }

    /// <summary>A Latin-script (or digit) word: matched on the stemmed fields, which hold every such word of every document.</summary>
    private static Query? BuildOther(string run, QueryTerms terms)
    {
        var stemmed = Analyze(SearchAnalyzers.English, run);
        terms.English.UnionWith(stemmed.Select(t => t.Term));
        return Single(stemmed, SearchFields.TextEnglish);
    }

    /// <summary>A quoted phrase: the exact token sequence, or the stemmed one for English.</summary>
    private static Query? BuildPhrase(string phrase, QueryTerms terms)
    {
        var exact = Analyze(SearchAnalyzers.Bigram, phrase);
        if (exact.Count == 1 && exact[0].Term.Length == 1 && IsHan(exact[0].Term[0]))
        {
            terms.Unigram.Add(exact[0].Term);
            return new TermQuery(new Term(SearchFields.TextUnigram, exact[0].Term));
        }

        var stemmed = Analyze(SearchAnalyzers.English, phrase);
        terms.AddBigrams([.. exact.Select(t => t.Term)]);
        terms.English.UnionWith(stemmed.Select(t => t.Term));
        var any = new BooleanQuery();
        if (Single(exact, SearchFields.Text) is { } e)
        {
            any.Add(e, Occur.SHOULD);
        }

        if (stemmed.Count > 0 && !phrase.Any(IsHan) && Single(stemmed, SearchFields.TextEnglish) is { } s)
        {
            s.Boost = 0.5f;
            any.Add(s, Occur.SHOULD);
        }

        return any.Clauses.Count == 0 ? null : any;
    }

    private static BooleanQuery BuildLooseChinese(string run, List<Query> mustNot)
    {
        var tokens = Analyze(SearchAnalyzers.Bigram, run);
        var any = new BooleanQuery();
        foreach (var token in tokens.Select(t => t.Term).Distinct(StringComparer.Ordinal))
        {
            any.Add(new TermQuery(new Term(SearchFields.Text, token)), Occur.SHOULD);
        }

        foreach (var clause in mustNot)
        {
            any.Add(clause, Occur.MUST_NOT);
        }

        any.MinimumNumberShouldMatch = Math.Max(1, any.Clauses.Count(c => c.Occur == Occur.SHOULD) / 2);
        return any;
    }

    private static bool IsLongChineseRun(string word) => word.Length >= 3 && word.All(IsHan);

    private static Query? Single(IReadOnlyList<(string Term, int Position)> tokens, string field)
    {
        if (tokens.Count == 0)
        {
            return null;
        }

        if (tokens.Count == 1)
        {
            return new TermQuery(new Term(field, tokens[0].Term));
        }

        var phrase = new PhraseQuery();
        foreach (var (term, position) in tokens)
        {
            phrase.Add(new Term(field, term), position);
        }

        return phrase;
    }

    internal static List<(string Term, int Position)> Analyze(Analyzer analyzer, string text)
    {
        var result = new List<(string, int)>();
        using var stream = analyzer.GetTokenStream(SearchFields.Body, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            result.Add((term.ToString(), Math.Max(position, 0)));
        }

        stream.End();
        return result;
    }

    internal static bool IsHan(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF' || char.IsSurrogate(c);

    private static List<(string Text, bool Han)> SplitRuns(string word)
    {
        var runs = new List<(string, bool)>();
        var start = 0;
        for (var i = 1; i <= word.Length; i++)
        {
            if (i == word.Length || IsHan(word[i]) != IsHan(word[start]))
            {
                runs.Add((word[start..i], IsHan(word[start])));
                start = i;
            }
        }

        return runs;
    }
}
