using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Portal.Search.Analysis;
using Portal.Search.Indexing;
using Portal.Search.Querying;
using static Portal.Search.Tests.FakeSource;

namespace Portal.Search.Tests;

/// <summary>The trigram field (three-character words as one term) and the packed result display read from doc values.</summary>
public sealed class TrigramAndDisplayTests
{
    private static List<(string Term, int Position)> Trigrams(string text) => SearchQueryBuilder.Analyze(SearchAnalyzers.Trigram, text);

    [Fact]
    public void Trigrams_cover_runs_of_touching_characters_and_skip_a_position_after_a_break()
    {
        // Terms are in the folded (Simplified) script, as in every chain of the index.
        Assert.Equal([("照顾者", 0), ("顾者压", 1), ("者压力", 2)], Trigrams("照顧者壓力"));

        // Latin text, punctuation and runs shorter than three characters give nothing and break the run.
        Assert.Equal([("照顾者", 0), ("组织互", 2), ("织互助", 3)], Trigrams("照顧者。自助 abc 組織互助"));
        Assert.Empty(Trigrams("互助 carer 小組"));
    }

    [Fact]
    public void Trigrams_fold_simplified_and_full_width_forms_like_the_other_chains()
    {
        Assert.Equal(Trigrams("照顧者"), Trigrams("照顾者"));
        Assert.Single(Trigrams("照顧者"));
    }

    [Fact]
    public void A_three_character_word_is_one_trigram_term_and_a_longer_word_a_trigram_phrase()
    {
        var three = new SearchQueryBuilder(SynonymSet.Empty).Build("糖尿病")!;
        var term = Assert.IsType<Lucene.Net.Search.TermQuery>(((Lucene.Net.Search.BooleanQuery)three.Strict).Clauses.Single().Query);
        Assert.Equal(new Term(SearchFields.TextTrigram, Trigrams("糖尿病")[0].Term), term.Term);

        var five = new SearchQueryBuilder(SynonymSet.Empty).Build("照顧者壓力")!;
        // The exact form (a trigram phrase) first among the alternatives; the loose bigram form after it.
        var alternatives = Assert.IsType<Lucene.Net.Search.DisjunctionMaxQuery>(((Lucene.Net.Search.BooleanQuery)five.Strict).Clauses.Single().Query);
        var phrase = Assert.IsType<Lucene.Net.Search.PhraseQuery>(alternatives.Disjuncts[0]);
        Assert.All(phrase.GetTerms(), t => Assert.Equal(SearchFields.TextTrigram, t.Field));
        Assert.Equal(3, phrase.GetTerms().Length);

        // Highlighting still marks the whole word.
        Assert.Equal("<mark>糖尿病</mark>飲食", SnippetHighlighter.Highlight("糖尿病飲食", three.Terms, 100));
    }

    [Fact]
    public async Task Trigram_matching_keeps_words_whole_and_never_spans_punctuation_or_title_and_body()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
            Doc("whole", "照顧者壓力管理", "給家人的建議。"),
            Doc("split", "照顧者的壓力", "照顧者。壓力很大。"),
            Doc("across", "這是照顧", "者壓力的內容。"),
            Doc("simplified", "照顾者压力", "简体内容。"));

        var hits = (await corpus.Host.SearchAsync("照顧者壓力", pageSize: 50)).Hits.Select(h => h.Id).ToList();

        // The whole word first; the loose matches (its bigrams, apart) only below it.
        Assert.Equal(["test:simplified", "test:whole"], hits.Take(2).Order(StringComparer.Ordinal));
        Assert.All(hits.Skip(2), id => Assert.Contains(id, new[] { "test:split", "test:across" }));
        Assert.Equal(3, (await corpus.Host.SearchAsync("照顧者")).Total);
    }

    [Fact]
    public void Display_round_trips_and_a_long_body_is_cut_to_fit_a_doc_value()
    {
        var display = new HitDisplay("kb:1", "kb-article", "zh-HK", "照顧者手冊", "/kb/1", 638_000_000_000_000_000, "內容 <b>text</b>");
        var packed = HitDisplayCodec.Encode(display, SnippetHighlighter.MaxAnalysedLength)!;

        Assert.Equal(display, HitDisplayCodec.Decode(packed, out var truncated));
        Assert.False(truncated);

        // 15,000 Chinese characters are 45,000 UTF-8 bytes: more than a binary doc value may hold.
        var longBody = string.Concat(Enumerable.Repeat("互助小組分享經驗", 1875));
        var cut = HitDisplayCodec.Encode(display with { Body = longBody }, SnippetHighlighter.MaxAnalysedLength)!;
        var decoded = HitDisplayCodec.Decode(cut, out truncated)!;

        Assert.True(truncated);
        Assert.True(cut.Length <= HitDisplayCodec.MaxBytes);
        Assert.StartsWith(decoded.Body, longBody, StringComparison.Ordinal);
        Assert.True(decoded.Body.Length > 10_000);

        // A body cut exactly at a character outside the basic plane never keeps half of it.
        var astral = string.Concat(Enumerable.Repeat("𠀀", 12_000));
        var astralDecoded = HitDisplayCodec.Decode(HitDisplayCodec.Encode(display with { Body = astral }, SnippetHighlighter.MaxAnalysedLength)!, out _)!;
        Assert.False(char.IsHighSurrogate(astralDecoded.Body[^1]));
    }

    [Fact]
    public void Unknown_display_bytes_are_not_misread()
    {
        Assert.Null(HitDisplayCodec.Decode(new BytesRef([9, 1, 2, 3]), out _));
        Assert.Null(HitDisplayCodec.Decode(new BytesRef([]), out _));
    }

    [Fact]
    public async Task A_match_beyond_the_kept_part_of_a_long_body_is_still_shown_in_the_snippet()
    {
        var body = string.Concat(Enumerable.Repeat("互助小組分享經驗。", 1500)) + "結尾提到糖尿病飲食。";
        await using var corpus = await IndexedCorpus.CreateAsync(Doc("long", "長文章", body));

        var hit = Assert.Single((await corpus.Host.SearchAsync("糖尿病")).Hits);

        Assert.Contains("<mark>糖尿病</mark>", hit.Snippet, StringComparison.Ordinal);
        Assert.Equal("長文章", hit.Title);
        Assert.Equal("zh-HK", hit.Culture);
    }

    [Fact]
    public async Task An_index_with_an_earlier_layout_is_rebuilt_at_start_up()
    {
        using var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "data");
        var db = Path.Combine(folder.Path, "portal.db");
        var source = new FakeSource();
        source.Put(Doc("1", "照顧者支援", "內容"));
        source.Put(Doc("2", "互助小組", "內容"));
        await using (var first = new SearchTestHost(data, db, source))
        {
            await first.Updater.EnsureReadyAsync(CancellationToken.None);
        }

        // Rewrite the commit data as an earlier version left it: no layout version.
        using (var directory = FSDirectory.Open(new DirectoryInfo(Path.Combine(data, "search-index"))))
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzers.Version, SearchAnalyzers.PerField) { OpenMode = OpenMode.APPEND }))
        {
            writer.SetCommitData(new Dictionary<string, string> { [SearchFields.LastLogIdCommitKey] = "0" });
            writer.Commit();
        }

        await using var second = new SearchTestHost(data, db, source);
        var result = await second.Updater.EnsureReadyAsync(CancellationToken.None);

        Assert.Equal(IndexOpenResult.Outdated, result);
        Assert.False(second.Index.NeedsRebuild);
        Assert.Equal(2, second.Index.DocumentCount);
        Assert.Equal(1, (await second.SearchAsync("照顧者")).Total);
    }
}
