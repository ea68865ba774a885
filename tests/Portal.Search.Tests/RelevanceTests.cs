using Portal.Search.Querying;
using static Portal.Search.Tests.FakeSource;

namespace Portal.Search.Tests;

public sealed class RelevanceTests
{
    private static readonly SearchDocument[] Corpus =
    [
        Doc("mutual-aid", "互助小組的運作", "互助小組讓病友分享經驗，彼此支持。"),
        Doc("internet", "互聯網使用技巧", "長者學習上網，認識網上資源。"),
        Doc("hearing", "助聽器保養", "定期清潔助聽器，延長使用壽命。"),
        Doc("self-help-org", "香港自助組織發展", "本港自助組織的歷史與現況。"),
        Doc("buffet", "自助餐廳", "自助餐廳在週末組織活動，歡迎參加。"),
        Doc("carer-stress", "照顧者的壓力", "照顧者面對 stress 時，可以尋求支援。"),
        Doc("carer-rest", "照顧者的休息", "照顧者需要適當休息，安排暫託服務。"),
        Doc("chronic", "長期病患者的照顧", "長期病患者需要家人的理解。"),
        Doc("community-care", "社区关怀服务", "为有需要的家庭提供上门关怀。"),
        Doc("covid", "COVID-19 疫苗資訊", "接種疫苗前請先諮詢醫生。"),
        Doc("fullwidth", "ＡＢＣ互助計劃", "全形字母的標題。"),
        Doc("volunteering", "Volunteering opportunities", "Volunteering with a self-help group builds confidence.", culture: "en"),
        Doc("fundraising", "Fundraising basics", "How small groups raise money for activities.", culture: "en"),
    ];

    private static async Task<IReadOnlyList<string>> IdsAsync(IndexedCorpus corpus, string query) =>
        [.. (await corpus.Host.SearchAsync(query, pageSize: 50)).Hits.Select(h => h.Id.Replace("test:", "", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Two_character_query_matches_the_word_not_words_sharing_a_character()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Corpus);

        var ids = await IdsAsync(corpus, "互助");

        Assert.Equal(["fullwidth", "mutual-aid"], ids);
    }

    [Fact]
    public async Task One_character_query_falls_back_to_single_characters()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Corpus);

        Assert.Equal(["hearing"], await IdsAsync(corpus, "聽"));
        Assert.Equal(["buffet", "fullwidth", "hearing", "mutual-aid", "self-help-org"], await IdsAsync(corpus, "助"));
    }

    [Fact]
    public async Task Four_character_query_matches_as_a_phrase()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Corpus);

        // 自助餐廳…組織 has both bigrams 自助 and 組織 but not the word 自助組織: a loose match, ranked below the word.
        var ranked = (await corpus.Host.SearchAsync("自助組織")).Hits.Select(h => h.Id).ToList();
        Assert.Equal("test:self-help-org", ranked[0]);
        Assert.All(ranked.Skip(1), id => Assert.Equal("test:buffet", id));
    }

    [Fact]
    public async Task Three_character_word_matches_as_a_phrase_and_is_highlighted_as_one_mark()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Corpus);

        var result = await corpus.Host.SearchAsync("照顧者");

        Assert.Equal(2, result.Total);
        Assert.All(result.Hits, h => Assert.Contains("<mark>照顧者</mark>", h.Snippet, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("照顧者 stress")]
    [InlineData("照顧者stress")]
    [InlineData("STRESS 照顧者")]
    public async Task Mixed_chinese_and_english_query_requires_both(string query)
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Corpus);

        Assert.Equal(["carer-stress"], await IdsAsync(corpus, query));
    }

    [Fact]
    public async Task Simplified_query_finds_traditional_text()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Corpus);

        Assert.Equal(["chronic"], await IdsAsync(corpus, "长期病患"));
    }

    [Fact]
    public async Task Traditional_query_finds_simplified_text_and_highlights_the_original()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Corpus);

        var result = await corpus.Host.SearchAsync("社區關懷");

        var hit = Assert.Single(result.Hits);
        Assert.Equal("test:community-care", hit.Id);
        Assert.Contains("<mark>社区关怀</mark>", hit.TitleHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Full_width_and_half_width_forms_fold()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Corpus);

        Assert.Equal(["covid"], await IdsAsync(corpus, "ＣＯＶＩＤ"));
        Assert.Equal(["fullwidth"], await IdsAsync(corpus, "abc"));
    }

    [Theory]
    [InlineData("volunteer")]
    [InlineData("volunteers")]
    [InlineData("VOLUNTEERED")]
    public async Task English_words_match_by_stem(string query)
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Corpus);

        Assert.Equal(["volunteering"], await IdsAsync(corpus, query));
    }

    [Theory]
    [InlineData("\"unclosed")]
    [InlineData("(((")]
    [InlineData("title:foo AND")]
    [InlineData("*")]
    [InlineData("~~ ^2 \\")]
    [InlineData("- + -- \"\"")]
    [InlineData("[a TO")]
    public async Task Bad_query_syntax_never_throws(string query)
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Corpus);

        var result = await corpus.Host.SearchAsync(query);

        Assert.NotNull(result);
        Assert.True(result.Total >= 0);
    }

    [Fact]
    public async Task Quoted_phrase_and_exclusion_work()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Corpus);

        Assert.Equal(["carer-rest"], await IdsAsync(corpus, "照顧者 -stress"));
        Assert.Equal(["volunteering"], await IdsAsync(corpus, "\"self-help group\""));
    }

    [Fact]
    public async Task Nothing_matching_every_word_falls_back_to_any_word()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Corpus);

        var result = await corpus.Host.SearchAsync("fundraising 助聽器");

        Assert.True(result.Relaxed);
        Assert.Equal(2, result.Total);
    }

    [Fact]
    public async Task Misspelt_english_word_gets_a_suggestion()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Corpus);

        var result = await corpus.Host.SearchAsync("fundrasing");

        Assert.Equal(0, result.Total);
        Assert.Equal("fundraising", result.DidYouMean);
    }

    [Fact]
    public async Task Facets_count_the_hits_and_filters_narrow_them()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
            Doc("a", "互助小組 一", "內容", category: "leadership"),
            Doc("b", "互助小組 二", "內容", category: "leadership"),
            Doc("c", "互助小組 三", "內容", category: "fundraising", culture: "en"),
            Doc("d", "其他主題", "內容", category: "advocacy"));

        var all = await corpus.Host.SearchAsync("互助");
        Assert.Equal(3, all.Total);
        Assert.Equal([new FacetValue("leadership", 2), new FacetValue("fundraising", 1)], all.Facets["category"]);
        Assert.Equal([new FacetValue("zh-HK", 2), new FacetValue("en", 1)], all.Facets["culture"]);
        Assert.Equal([new FacetValue("test", 3)], all.Facets["type"]);

        var filtered = await corpus.Host.SearchAsync("互助", filters: new Dictionary<string, IReadOnlyList<string>> { ["category"] = ["fundraising"] });
        Assert.Equal("test:c", Assert.Single(filtered.Hits).Id);
        Assert.Equal([new FacetValue("fundraising", 1)], filtered.Facets["category"]);
    }

    [Fact]
    public async Task Pagination_and_date_sort()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using var corpus = await IndexedCorpus.CreateAsync(
            [.. Enumerable.Range(1, 25).Select(i => Doc($"n{i:00}", $"互助通訊 第{i}期", "每月消息", updated: start.AddDays(i)))]);

        var page1 = await corpus.Host.SearchAsync("互助", sort: SearchSort.Date, page: 1, pageSize: 10);
        var page3 = await corpus.Host.SearchAsync("互助", sort: SearchSort.Date, page: 3, pageSize: 10);

        Assert.Equal(25, page1.Total);
        Assert.Equal(3, page1.PageCount);
        Assert.Equal("test:n25", page1.Hits[0].Id);
        Assert.Equal("test:n16", page1.Hits[^1].Id);
        Assert.Equal(["test:n05", "test:n04", "test:n03", "test:n02", "test:n01"], page3.Hits.Select(h => h.Id));
    }

    [Fact]
    public async Task A_title_match_ranks_above_a_body_match()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
            Doc("body", "小組通訊", "今期介紹籌款技巧，以及其他活動消息和會員分享。"),
            Doc("title", "籌款技巧", "今期介紹小組通訊，以及其他活動消息和會員分享。"));

        var result = await corpus.Host.SearchAsync("籌款");

        Assert.Equal(["test:title", "test:body"], result.Hits.Select(h => h.Id));
    }

    [Fact]
    public async Task A_phrase_does_not_span_the_title_and_the_body()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Doc("gap", "互助", "小組聚會"), Doc("phrase", "互助小組聚會", "內容"));

        // Found only as a loose match (its bigrams apart), never as the phrase 互助小組: below the document that has it.
        Assert.Equal(["test:phrase", "test:gap"], (await corpus.Host.SearchAsync("互助小組")).Hits.Select(h => h.Id));
        var separate = await corpus.Host.SearchAsync("互助 小組");
        Assert.False(separate.Relaxed);
        Assert.Equal(2, separate.Total);
    }
}
