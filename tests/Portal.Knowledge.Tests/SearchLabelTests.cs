using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Knowledge.Models;
using Portal.Knowledge.Services;

namespace Portal.Knowledge.Tests;

/// <summary>The knowledge base names its search facets: categories by their stored names, conditions and tags by
/// the words of the translated article, audiences with the browse pages' texts.</summary>
public sealed class SearchLabelTests
{
    private static readonly DateTime Now = new(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc);

    private static KnowledgeSearchLabels Labels(TestSite site) =>
        new(site.NewContext(), new StringLocalizer<KnowledgeStrings>(
            new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance)));

    private static async Task AddPairAsync(TestSite site, string key, string[] zh, string[] en, string[] zhTags, string[] enTags, bool publishEnglish = true)
    {
        await using var db = site.NewContext();
        var chinese = Article.Create(key + "-zh", "zh-HK", key, new ArticleContent { Title = "標題", Body = "內文", Conditions = zh, Tags = zhTags }, null, Now);
        chinese.Publish(Now);
        var english = Article.Create(key + "-en", "en", key, new ArticleContent { Title = "Title", Body = "Text", Conditions = en, Tags = enTags }, null, Now);
        if (publishEnglish)
        {
            english.Publish(Now);
        }

        db.Articles.AddRange(chinese, english);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Categories_are_named_in_the_readers_language_and_unknown_slugs_are_left_out()
    {
        using var site = new TestSite();
        await using (var db = site.NewContext())
        {
            db.Categories.Add(Category.Create("mutual-aid", "互助實踐", "Mutual aid in practice", null, null, 1));
            await db.SaveChangesAsync();
        }

        var labels = Labels(site);
        var chinese = await labels.GetLabelsAsync("category", ["mutual-aid", "no-such-topic"], "zh-HK");
        var english = await labels.GetLabelsAsync("category", ["mutual-aid"], "en");

        Assert.Equal("互助實踐", chinese["mutual-aid"]);
        Assert.False(chinese.ContainsKey("no-such-topic"));
        Assert.Equal("Mutual aid in practice", english["mutual-aid"]);
    }

    [Fact]
    public async Task A_condition_in_the_other_language_is_named_by_the_word_on_the_translation()
    {
        using var site = new TestSite();
        await AddPairAsync(site, "caring", ["認知障礙症", "照顧者壓力"], ["dementia", "carer stress"], ["照顧"], ["caring"]);
        await AddPairAsync(site, "memory", ["認知障礙症"], ["dementia"], [], []);
        var labels = Labels(site);

        var chinese = await labels.GetLabelsAsync("condition", ["dementia", "carer stress", "認知障礙症", "gout"], "zh-HK");
        Assert.Equal("認知障礙症", chinese["dementia"]);
        Assert.Equal("照顧者壓力", chinese["carer stress"]);
        Assert.Equal("認知障礙症", chinese["認知障礙症"]);
        Assert.False(chinese.ContainsKey("gout"));

        var english = await labels.GetLabelsAsync("condition", ["認知障礙症", "dementia"], "en");
        Assert.Equal("dementia", english["認知障礙症"]);
        Assert.Equal("dementia", english["dementia"]);

        var tags = await labels.GetLabelsAsync("tag", ["caring"], "zh-HK");
        Assert.Equal("照顧", tags["caring"]);
    }

    [Fact]
    public async Task Unpublished_translations_and_lists_of_different_length_name_nothing()
    {
        using var site = new TestSite();
        await AddPairAsync(site, "draft", ["中風"], ["stroke"], [], [], publishEnglish: false);
        await AddPairAsync(site, "uneven", ["柏金遜症", "長期痛症"], ["parkinson's disease"], [], []);
        var labels = Labels(site);

        var english = await labels.GetLabelsAsync("condition", ["中風", "柏金遜症"], "en");

        Assert.Empty(english);
    }

    [Fact]
    public async Task The_article_type_and_audiences_have_names_in_both_languages()
    {
        using var site = new TestSite();
        var labels = Labels(site);

        Assert.Equal("知識文章", labels.GetDocumentTypeNames("zh-HK")["kb-article"]);
        Assert.Equal("Knowledge article", labels.GetDocumentTypeNames("en")["kb-article"]);
        var audiences = await labels.GetLabelsAsync("audience", ["carers", "astronauts"], "zh-HK");
        Assert.Equal("照顧者", audiences["carers"]);
        Assert.False(audiences.ContainsKey("astronauts"));
        Assert.Equal("Carers", (await labels.GetLabelsAsync("audience", ["carers"], "en"))["carers"]);
        Assert.Contains("category", labels.Facets);
        Assert.Contains("condition", labels.Facets);
    }
}
