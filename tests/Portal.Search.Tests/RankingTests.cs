using Portal.Search.Querying;
using static Portal.Search.Tests.FakeSource;

namespace Portal.Search.Tests;

/// <summary>Issue 14: the word as typed ranks first, synonyms below it; the reader's language when close; loose matches below exact ones; operators.</summary>
public sealed class RankingTests
{
    private const string Carers = "照顧者, 護老者, 照料者, carer, caregiver";

    [Fact]
    public async Task The_typed_word_outranks_an_article_that_uses_several_of_its_synonyms()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
            Doc("glossary", "護老者、照料者：用語", "護老者、照料者、護老者、照料者。本文只解釋用語。"),
            Doc("typed", "家人的支援", "照顧者可以向社區中心尋求支援，了解不同的服務和活動安排。"));
        await corpus.AddSynonymsAsync(Carers);

        var ranked = await corpus.RankedIdsAsync("照顧者");

        Assert.Equal(["typed", "glossary"], ranked);
    }

    [Fact]
    public async Task A_rare_english_synonym_does_not_outrank_the_typed_chinese_word()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
            Doc("rare", "Caregiver support", "Support for a caregiver and the family.", culture: "en"),
            Doc("typed", "照顧者支援", "給照顧者和家人的支援。"),
            Doc("other1", "社區活動", "照顧者可以參加。"),
            Doc("other2", "家居安全", "照顧者要留意。"));
        await corpus.AddSynonymsAsync(Carers);

        var ranked = await corpus.RankedIdsAsync("照顧者");

        Assert.Equal("typed", ranked[0]);
        Assert.True(ranked.ToList().IndexOf("rare") > 0);
    }

    [Fact]
    public async Task The_readers_language_comes_first_when_scores_are_close_and_the_other_stays_listed()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
            Doc("zh", "會計師的故事", "Karen 是會計師，協助病友會整理帳目。"),
            Doc("en", "An accountant's story", "Karen is an accountant who helps the group with its accounts.", culture: "en"));

        Assert.Equal(["zh", "en"], await corpus.RankedIdsAsync("Karen", "zh-HK"));
        Assert.Equal(["en", "zh"], await corpus.RankedIdsAsync("Karen", "en"));
    }

    [Fact]
    public async Task A_loose_match_of_a_long_chinese_word_is_found_below_the_exact_matches()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
            Doc("exact", "會議紀錄", "上次周年大會通過了新的章程。"),
            Doc("loose", "周年會員大會籌備清單", "籌備周年會員大會要提早三個月開始。"),
            Doc("unrelated", "大會堂", "周末的活動。"));

        var result = await corpus.Host.SearchAsync("周年大會");

        Assert.False(result.Relaxed);
        Assert.Equal(["test:exact", "test:loose"], result.Hits.Select(h => h.Id));
        Assert.Contains("<mark>周年</mark>會員<mark>大會</mark>", result.Hits[1].TitleHtml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("volunteers")]
    [InlineData("Volunteers!")]
    [InlineData("carer?")]
    [InlineData("(caregiver")]
    [InlineData("CAREGIVERS")]
    public async Task English_synonyms_are_looked_up_after_the_same_folding_and_stemming_as_the_index(string query)
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
            Doc("volunteer", "義工招募", "歡迎加入義工隊。"),
            Doc("carer", "照顧者支援", "照顧者分享會。"));
        await corpus.AddSynonymsAsync("義工, 志願者, volunteer", Carers);

        var expected = query.Contains("volunteer", StringComparison.OrdinalIgnoreCase) ? "volunteer" : "carer";
        Assert.Equal([expected], await corpus.RankedIdsAsync(query));
    }

    [Theory]
    [InlineData("caregiver NOT stress")]
    [InlineData("caregiver -stress")]
    [InlineData("caregiver 不含 stress")]
    public async Task Not_leaves_a_word_out(string query)
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
            Doc("stress", "Caregiver stress", "Stress of a caregiver.", culture: "en"),
            Doc("calm", "Caregiver tips", "Tips for a caregiver.", culture: "en"));

        Assert.Equal(["calm"], await corpus.RankedIdsAsync(query));
    }

    [Theory]
    [InlineData("柏金遜症 OR 中風")]
    [InlineData("柏金遜症 或 中風")]
    [InlineData("柏金遜症 | 中風")]
    public async Task Or_finds_either_word(string query)
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
            Doc("pd", "柏金遜症病友會", "分享。"),
            Doc("stroke", "中風復康", "分享。"),
            Doc("other", "糖尿病飲食", "分享。"));

        var result = await corpus.Host.SearchAsync(query, pageSize: 50);

        Assert.False(result.Relaxed);
        Assert.Equal(["test:pd", "test:stroke"], result.Hits.Select(h => h.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Or_binds_two_words_and_the_rest_must_still_match()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
            Doc("a", "中風 講座", "復康"),
            Doc("b", "柏金遜症 講座", "復康"),
            Doc("c", "中風 聚會", "分享"));

        Assert.Equal(["a", "b"], (await corpus.RankedIdsAsync("柏金遜症 OR 中風 講座")).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("「互助小組」")]
    [InlineData("『互助小組』")]
    [InlineData("“互助小組”")]
    [InlineData("\"互助小組\"")]
    public async Task Quotes_of_either_script_ask_for_the_exact_phrase(string query)
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
            Doc("phrase", "互助小組", "內容"),
            Doc("apart", "互助的小組", "內容"));

        Assert.Equal(["phrase"], await corpus.RankedIdsAsync(query));
    }

    [Fact]
    public async Task A_lower_case_or_and_not_are_ordinary_words()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
            Doc("a", "Caregiver or volunteer", "Either.", culture: "en"),
            Doc("b", "Caregiver", "Only.", culture: "en"));

        // "or" is an English stop word: caregiver volunteer, both required.
        Assert.Equal(["a"], await corpus.RankedIdsAsync("caregiver or volunteer"));
    }
}

/// <summary>Issue 14: spelling suggestions by closeness first, then how common; none when nothing is close.</summary>
public sealed class SpellingSuggestionTests
{
    [Fact]
    public async Task The_closest_spelling_wins_over_a_commoner_word_further_away()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
        [
            Doc("volunteer", "Volunteer", "One volunteer.", culture: "en"),
            .. Enumerable.Range(1, 5).Select(i => Doc($"voluntary{i}", "Voluntary sector " + i, "Voluntary groups.", culture: "en")),
        ]);

        var result = await corpus.Host.SearchAsync("voluntear");

        Assert.Equal(0, result.Total);
        Assert.Equal("volunteer", result.DidYouMean);
    }

    [Fact]
    public async Task Among_equally_close_spellings_the_commoner_wins()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
        [
            Doc("carer", "Carer", "A carer.", culture: "en"),
            .. Enumerable.Range(1, 3).Select(i => Doc($"career{i}", "Career " + i, "A career.", culture: "en")),
        ]);

        // "carrer" is one edit from both "carer" and "career": the commoner one.
        Assert.Equal("career", (await corpus.Host.SearchAsync("carrer")).DidYouMean);
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("xylophone")]
    public async Task Nothing_is_suggested_when_no_indexed_word_is_close(string query)
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Doc("plot", "Plot", "The plot of land.", culture: "en"));

        var result = await corpus.Host.SearchAsync(query);

        Assert.Equal(0, result.Total);
        Assert.Null(result.DidYouMean);
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("carer", "career", 1)]
    [InlineData("dementai", "dementia", 1)]
    [InlineData("same", "same", 0)]
    public void Edit_distance_counts_swaps_as_one(string a, string b, int expected) =>
        Assert.Equal(expected, Querying.SearchQueryService.EditDistance(a, b));
}

/// <summary>Issue 14: values shown as one facet option count each document once.</summary>
public sealed class MergedFacetCountTests
{
    private static SearchDocument WithConditions(string id, string title, params string[] conditions) =>
        Doc(id, title, "內容") with
        {
            Facets = new Dictionary<string, IReadOnlyList<string>> { ["condition"] = conditions },
        };

    [Fact]
    public async Task A_document_with_both_merged_values_is_counted_once()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
            WithConditions("both", "互助 一", "認知障礙症", "dementia"),
            WithConditions("zh", "互助 二", "認知障礙症"),
            WithConditions("en", "互助 三", "dementia"),
            WithConditions("stroke", "互助 四", "中風"));
        var labels = new Services.FacetLabels("zh-HK", new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["condition"] = new Dictionary<string, string> { ["dementia"] = "認知障礙症", ["認知障礙症"] = "認知障礙症" },
        });

        var result = await corpus.Host.SearchAsync("互助");
        var options = ViewModels.FacetOption.Group("condition", result.Facets["condition"], labels, result.CountAny);

        var merged = Assert.Single(options, o => o.Label == "認知障礙症");
        Assert.Equal(3, merged.Count);
        Assert.Equal(1, Assert.Single(options, o => o.Label == "中風").Count);
    }
}
