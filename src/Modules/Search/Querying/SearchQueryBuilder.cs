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
/// Turns what a person typed into a Lucene query without a syntax that can fail. Words are split on spaces; every
/// word must match. Operators: <c>OR</c> / <c>或</c> / <c>|</c> between words (either), <c>NOT</c> / <c>不含</c> before a
/// word or <c>-word</c> (leave out), quotes <c>"…"</c>, <c>“…”</c>, <c>「…」</c>, <c>『…』</c> (exact phrase). Every other
/// character is just text. Chinese runs become trigram terms or phrases (two characters: a bigram; one: the unigram
/// field); other words match stemmed.
/// <para>Ranking of one word: the word as typed counts fully; a looser match of a Chinese run of four characters or
/// more (its bigrams in any order, close together) counts <see cref="LooseBoost"/>; each synonym counts
/// <see cref="SynonymBoost"/>. They are alternatives (the best one scores, others add a little), so an article using
/// several synonyms never beats one using the typed word.</para>
/// </summary>
internal sealed class SearchQueryBuilder(SynonymSet synonyms, IndexReader? statistics = null)
{
    public const int MaxQueryLength = 200;

    /// <summary>Weight of a synonym against the word as typed (1).</summary>
    public const float SynonymBoost = 0.3f;

    /// <summary>Weight of the loose bigram match of a long Chinese run against its exact match (1).</summary>
    public const float LooseBoost = 0.5f;

    /// <summary>How much the other alternatives of one word add to the best one.</summary>
    private const float TieBreaker = 0.1f;

    public BuiltQuery? Build(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // Folded as the index folds (full width, Traditional → Simplified); operators are found before lower-casing.
        var typed = CharFolding.Fold(text.Length > MaxQueryLength ? text[..MaxQueryLength] : text);
        var terms = new QueryTerms();
        var must = new List<Query>();
        var mustNot = new List<Query>();
        var words = new List<string>();
        var items = Tokenize(typed).ToList();

        // The whole query may itself be a (multi-word) synonym ("respite care", "mental health").
        var plain = items.Count > 1 && items.All(i => i is { Phrase: false, Negated: false, Or: false });
        var whole = plain ? string.Join(' ', items.Select(i => i.Text)) : null;
        if (whole is not null && synonyms.Find(whole) is { } group)
        {
            var typedWords = new BooleanQuery();
            foreach (var item in items)
            {
                if (BuildTyped(item.Text, terms) is { } q)
                {
                    typedWords.Add(q, Occur.MUST);
                }
            }

            var q2 = Alternatives(typedWords.Clauses.Count == 0 ? null : typedWords, null, group, whole, terms);
            if (q2 is not null)
            {
                must.Add(q2);
                words.Add(whole);
            }
        }
        else
        {
            // Consecutive items joined by OR form one clause; NOT items are left out.
            var clauses = new List<List<Query>>();
            foreach (var item in items)
            {
                var clause = item.Phrase ? BuildPhraseItem(item.Text, terms) : BuildItem(item.Text, terms);
                if (clause is null)
                {
                    continue;
                }

                if (item.Negated)
                {
                    mustNot.Add(clause);
                    continue;
                }

                words.Add(item.Text);
                if (item.Or && clauses.Count > 0)
                {
                    clauses[^1].Add(clause);
                }
                else
                {
                    clauses.Add([clause]);
                }
            }

            must.AddRange(clauses.Select(c => c.Count == 1 ? c[0] : Any(c)));
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

    private static BooleanQuery Any(List<Query> clauses)
    {
        var any = new BooleanQuery();
        foreach (var clause in clauses)
        {
            any.Add(clause, Occur.SHOULD);
        }

        return any;
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

    private readonly record struct Item(string Text, bool Phrase, bool Negated, bool Or);

    private static readonly Dictionary<char, char> Quotes = new()
    {
        ['"'] = '"', ['\uFF02'] = '\uFF02', ['\u201C'] = '\u201D', ['\u201D'] = '\u201D', ['\u300C'] = '\u300D', ['\u300E'] = '\u300F',
    };

    /// <summary>Words and quoted phrases, with the operators before them applied (NOT, -, 不含: negated; OR, 或, |: either).</summary>
    private static IEnumerable<Item> Tokenize(string text)
    {
        var i = 0;
        var negateNext = false;
        var orNext = false;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var negated = negateNext;
            if (text[i] is '-' or '+' or '\uFF0D' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))
            {
                negated |= text[i] != '+';
                i++;
            }

            if (Quotes.TryGetValue(text[i], out var close))
            {
                var end = text.IndexOf(close, i + 1);
                if (end < 0 && close != '"')
                {
                    end = text.IndexOf('"', i + 1);
                }

                var inner = end < 0 ? text[(i + 1)..] : text[(i + 1)..end];
                i = end < 0 ? text.Length : end + 1;
                if (inner.Trim().Length > 0)
                {
                    yield return new Item(inner.Trim().ToLowerInvariant(), true, negated, orNext && !negated);
                    negateNext = orNext = false;
                }

                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && !(i > start && Quotes.ContainsKey(text[i])))
            {
                i++;
            }

            var word = text[start..i];
            if (!negated && word is "OR" or "或" or "|" or "||" or "\uFF5C")
            {
                orNext = true;
                continue;
            }

            if (!negated && word is "NOT" or "不含")
            {
                negateNext = true;
                continue;
            }

            if (!negated && word is "AND" or "&&")
            {
                continue;
            }

            yield return new Item(word.ToLowerInvariant(), false, negated, orNext && !negated);
            negateNext = orNext = false;
        }
    }

    /// <summary>
    /// One space-free word, possibly mixing scripts (照顧者stress: each script run must match): the word as typed,
    /// a loose match for a long Chinese run, and its synonyms, weighted in that order.
    /// </summary>
    private Query? BuildItem(string word, QueryTerms terms)
    {
        if (synonyms.Find(word) is { } group)
        {
            return Alternatives(BuildTyped(word, terms), IsLooseCandidate(word) ? BuildLooseBigrams(word) : null, group, word, terms);
        }

        var runs = SplitRuns(word);
        if (runs.Count == 1)
        {
            return Alternatives(BuildTyped(word, terms), IsLooseCandidate(word) ? BuildLooseBigrams(word) : null, null, word, terms);
        }

        var all = new BooleanQuery();
        foreach (var (text, han) in runs)
        {
            var q = han ? BuildItem(text, terms) : BuildOther(text, terms);
            if (q is not null)
            {
                all.Add(q, Occur.MUST);
            }
        }

        return all.Clauses.Count == 0 ? null : all;
    }

    /// <summary>A quoted phrase, and its synonyms when the phrase is one ("mental health").</summary>
    private Query? BuildPhraseItem(string phrase, QueryTerms terms) =>
        synonyms.Find(phrase) is { } group
            ? Alternatives(BuildPhrase(phrase, terms), null, group, phrase, terms)
            : BuildPhrase(phrase, terms);

    /// <summary>A word exactly as typed (no synonyms): Chinese runs as trigram/bigram sequences, other runs stemmed.</summary>
    private Query? BuildTyped(string word, QueryTerms terms)
    {
        var runs = SplitRuns(word);
        if (runs.Count == 1)
        {
            return runs[0].Han ? BuildChinese(runs[0].Text, terms) : BuildOther(runs[0].Text, terms);
        }

        var all = new BooleanQuery();
        foreach (var (text, han) in runs)
        {
            var q = han ? BuildChinese(text, terms) : BuildOther(text, terms);
            if (q is not null)
            {
                all.Add(q, Occur.MUST);
            }
        }

        return all.Clauses.Count == 0 ? null : all;
    }

    /// <summary>
    /// The typed form at full weight, the loose form and each synonym below it, as alternatives: a document scores by
    /// its best alternative (plus a little for the others), so synonyms never add up to more than the typed word.
    /// </summary>
    private Query? Alternatives(Query? typed, Query? loose, IReadOnlyList<string>? group, string word, QueryTerms terms)
    {
        var alternatives = new List<Query>();
        if (typed is not null)
        {
            alternatives.Add(typed);
        }

        if (loose is not null)
        {
            loose.Boost = LooseBoost;
            alternatives.Add(loose);
        }

        var typedKey = SynonymSet.Key(word);
        var typedIdf = typed is null ? 0 : Idf(typed);
        foreach (var alternative in group ?? [])
        {
            if (SynonymSet.Key(alternative) == typedKey)
            {
                continue;
            }

            var q = alternative.Contains(' ', StringComparison.Ordinal) ? BuildPhrase(alternative, terms) : BuildTyped(alternative, terms);
            if (q is not null)
            {
                // A rare synonym has a high inverse document frequency, which would outweigh a common typed word:
                // weigh it down to the typed word's level (scores grow with the square of it), never up.
                var idf = typedIdf > 0 ? Idf(q) : 0;
                q.Boost = idf > typedIdf ? SynonymBoost * (float)Math.Pow(typedIdf / idf, 2) : SynonymBoost;
                alternatives.Add(q);
            }
        }

        if (alternatives.Count <= 1)
        {
            return alternatives.Count == 0 ? null : alternatives[0];
        }

        return new DisjunctionMaxQuery(alternatives, TieBreaker);
    }

    /// <summary>The inverse document frequency a query's terms contribute (summed, as a phrase's are); 0 without index statistics or when none of them occurs.</summary>
    private double Idf(Query query)
    {
        if (statistics is null)
        {
            return 0;
        }

        var found = new HashSet<Term>();
        query.ExtractTerms(found);
        var numDocs = Math.Max(1, statistics.NumDocs);
        var sum = 0.0;
        foreach (var term in found)
        {
            var df = statistics.DocFreq(term);
            if (df > 0)
            {
                sum += 1 + Math.Log(numDocs / (double)(df + 1));
            }
        }

        return sum;
    }

    /// <summary>A Chinese run of four characters or more, which may be written with words in between (周年大會 / 周年會員大會).</summary>
    private static bool IsLooseCandidate(string word) => word.Length - word.Count(char.IsLowSurrogate) >= 4 && word.All(IsHan);

    /// <summary>
    /// The loose form of a long Chinese run: enough of its bigrams to cover every character (周年大會: 周年 and 大會), in any
    /// order, with a bonus when they are close together.
    /// </summary>
    private static Query? BuildLooseBigrams(string run)
    {
        var tokens = Analyze(SearchAnalyzers.Bigram, run);
        if (tokens.Count < 3)
        {
            return null;
        }

        var any = new BooleanQuery();
        foreach (var token in tokens.Select(t => t.Term).Distinct(StringComparer.Ordinal))
        {
            any.Add(new TermQuery(new Term(SearchFields.Text, token)), Occur.SHOULD);
        }

        // Bigrams at 0, 2, 4… and the last one cover every character.
        var cover = tokens.Where((_, i) => i % 2 == 0 || i == tokens.Count - 1).ToList();
        any.MinimumNumberShouldMatch = Math.Min(cover.Count, any.Clauses.Count);
        var near = new PhraseQuery { Slop = 3 };
        foreach (var (term, position) in cover)
        {
            near.Add(new Term(SearchFields.Text, term), position);
        }

        return new BooleanQuery { { any, Occur.MUST }, { near, Occur.SHOULD } };
    }

    private static Query? BuildChinese(string run, QueryTerms terms)
    {
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
