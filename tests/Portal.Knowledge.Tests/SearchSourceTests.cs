using Portal.Knowledge.Models;
using Portal.Knowledge.Services;
using Portal.Search;

namespace Portal.Knowledge.Tests;

public sealed class SearchSourceTests
{
    private static async Task<long> AddAsync(TestSite site, string slug, ArticleStatus status, ArticleVisibility visibility = ArticleVisibility.Public)
    {
        await using var db = site.NewContext();
        var category = Category.Create("caring-" + slug, "照顧", "Caring", null, null, 1);
        db.Categories.Add(category);
        await db.SaveChangesAsync();
        var now = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc);
        var article = Article.Create(slug, "zh-HK", "key-" + slug, new ArticleContent
        {
            Title = "照顧者減壓",
            Summary = "給護老者的提示",
            Body = "## 照顧者\n\n**休息**不是自私。",
            CategoryId = category.Id,
            Tags = ["照顧者", "減壓"],
            Conditions = ["認知障礙症"],
            Audiences = ["carers"],
            Visibility = visibility,
        }, null, now);
        switch (status)
        {
            case ArticleStatus.InReview:
                article.SubmitForReview(now);
                break;
            case ArticleStatus.Published:
                article.Publish(now);
                break;
            case ArticleStatus.Unpublished:
                article.Publish(now);
                article.Unpublish(now);
                break;
        }

        db.Articles.Add(article);
        await db.SaveChangesAsync();
        return article.Id;
    }

    private static async Task<List<SearchDocument>> AllAsync(KnowledgeSearchSource source)
    {
        var all = new List<SearchDocument>();
        await foreach (var document in source.GetAllAsync())
        {
            all.Add(document);
        }

        return all;
    }

    [Theory]
    [InlineData(ArticleStatus.Draft)]
    [InlineData(ArticleStatus.InReview)]
    [InlineData(ArticleStatus.Unpublished)]
    public async Task Articles_that_are_not_published_are_never_produced(ArticleStatus status)
    {
        using var site = new TestSite();
        var id = await AddAsync(site, "hidden", status);
        await using var db = site.NewContext();
        var source = site.SearchSource(db);

        Assert.Null(await source.GetAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Empty(await AllAsync(source));
    }

    [Fact]
    public async Task A_published_article_becomes_a_public_document_with_plain_text_and_facets()
    {
        using var site = new TestSite();
        var id = await AddAsync(site, "carer-stress", ArticleStatus.Published);
        await using var db = site.NewContext();
        var source = site.SearchSource(db);

        var document = await source.GetAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotNull(document);
        Assert.Equal("kb-article", source.Source);
        Assert.Equal($"kb-article:{id}", document.Id);
        Assert.Equal("kb-article", document.Type);
        Assert.Equal("zh-HK", document.Culture);
        Assert.Equal("/kb/articles/carer-stress?culture=zh-HK", document.Url);
        Assert.Equal(SearchVisibility.Public.Audiences, document.Visibility.Audiences);
        Assert.DoesNotContain("**", document.Body, StringComparison.Ordinal);
        Assert.Contains("給護老者的提示", document.Body, StringComparison.Ordinal);
        Assert.Equal(["caring-carer-stress"], document.Facets["category"]);
        Assert.Equal(["照顧者", "減壓"], document.Facets["tag"]);
        Assert.Equal(["認知障礙症"], document.Facets["condition"]);
        Assert.Equal(["carers"], document.Facets["audience"]);
        Assert.Equal("key-carer-stress", document.TranslationKey);
        Assert.Single(await AllAsync(source));
    }

    [Fact]
    public async Task A_members_only_article_is_visible_to_signed_in_people_only()
    {
        using var site = new TestSite();
        var id = await AddAsync(site, "members", ArticleStatus.Published, ArticleVisibility.MembersOnly);
        await using var db = site.NewContext();

        var document = await site.SearchSource(db).GetAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotNull(document);
        Assert.Equal([SearchVisibility.AuthenticatedAudience], document.Visibility.Audiences);
        Assert.DoesNotContain(SearchVisibility.PublicAudience, document.Visibility.Audiences);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("999")]
    public async Task Unknown_ids_give_null(string itemId)
    {
        using var site = new TestSite();
        await using var db = site.NewContext();

        Assert.Null(await site.SearchSource(db).GetAsync(itemId));
    }
}

public sealed class MetricsTests
{
    [Fact]
    public async Task Figures_count_only_published_articles_and_the_period_in_hong_kong_dates()
    {
        using var site = new TestSite();
        await using (var db = site.NewContext())
        {
            var content = new ArticleContent { Title = "T", Body = "B" };

            // 2026-03-31 16:30 UTC is already 1 April in Hong Kong.
            var april = Article.Create("april", "zh-HK", "april", content, null, new DateTime(2026, 3, 31, 16, 30, 0, DateTimeKind.Utc));
            april.Publish(new DateTime(2026, 3, 31, 16, 30, 0, DateTimeKind.Utc));
            var aprilEn = Article.Create("april", "en", "april", content, null, new DateTime(2026, 3, 31, 16, 30, 0, DateTimeKind.Utc));
            aprilEn.Publish(new DateTime(2026, 3, 31, 16, 30, 0, DateTimeKind.Utc));
            var march = Article.Create("march", "zh-HK", "march", content, null, new DateTime(2026, 3, 10, 0, 0, 0, DateTimeKind.Utc));
            march.Publish(new DateTime(2026, 3, 10, 0, 0, 0, DateTimeKind.Utc));
            var draft = Article.Create("draft", "zh-HK", "draft", content, null, new DateTime(2026, 4, 2, 0, 0, 0, DateTimeKind.Utc));
            db.Articles.AddRange(april, aprilEn, march, draft);
            await db.SaveChangesAsync();
        }

        await using var check = site.NewContext();
        var metrics = await new KnowledgeMetrics(check, new PassThroughLocalizer()).GetMetricsAsync(new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30));

        Assert.Equal(2, metrics.Single(m => m.Key == "knowledge.articles-published").Value);
        Assert.Equal(3, metrics.Single(m => m.Key == "knowledge.articles-online").Value);
        Assert.Equal(2, metrics.Single(m => m.Key == "knowledge.topics-online").Value);
        Assert.Equal(0, metrics.Single(m => m.Key == "knowledge.toolkit-files").Value);
    }

    private sealed class PassThroughLocalizer : Microsoft.Extensions.Localization.IStringLocalizer<KnowledgeStrings>
    {
        public Microsoft.Extensions.Localization.LocalizedString this[string name] => new(name, name);

        public Microsoft.Extensions.Localization.LocalizedString this[string name, params object[] arguments] => new(name, string.Format(System.Globalization.CultureInfo.InvariantCulture, name, arguments));

        public IEnumerable<Microsoft.Extensions.Localization.LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
