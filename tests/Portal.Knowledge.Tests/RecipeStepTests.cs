using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Knowledge.Models;
using Portal.Knowledge.Recipes;
using Portal.Recipes;

namespace Portal.Knowledge.Tests;

public sealed class RecipeStepTests
{
    private static readonly RecipeExecutionContext Context = new() { RecipeFile = "test.recipe.json", BaseDirectory = ".", StepIndex = 0 };

    private static KnowledgeCategoriesStepModel Categories() => new()
    {
        Categories = [new() { Slug = "leadership", NameZh = "領袖承續", NameEn = "Leadership succession", Order = 1 }],
    };

    private static KnowledgeArticlesStepModel Articles(string title = "培養接班人") => new()
    {
        Articles =
        [
            new()
            {
                Slug = "growing-successors", Culture = "zh-HK", TranslationKey = "growing-successors", Title = title,
                Body = "接班人要及早培養。", Category = "leadership", Tags = ["接班人"], Published = "2025-04-01",
            },
            new()
            {
                Slug = "growing-successors", Culture = "en", TranslationKey = "growing-successors", Title = "Growing successors",
                Body = "Start early.", Category = "leadership", Visibility = "members", Status = "draft",
            },
        ],
    };

    [Fact]
    public async Task Running_the_steps_twice_creates_no_duplicates_and_no_new_revisions()
    {
        using var site = new TestSite();
        for (var run = 0; run < 2; run++)
        {
            await using var db = site.NewContext();
            await site.CategoriesStep(db).ExecuteAsync(Categories(), Context, CancellationToken.None);
            await site.ArticlesStep(db).ExecuteAsync(Articles(), Context, CancellationToken.None);
        }

        await using var check = site.NewContext();
        Assert.Equal(1, await check.Categories.CountAsync());
        var articles = await check.Articles.OrderBy(a => a.Culture).ToListAsync();
        Assert.Equal(2, articles.Count);
        Assert.Equal(2, await check.Revisions.CountAsync());
        var en = articles[0];
        var zh = articles[1];
        Assert.Equal(ArticleStatus.Draft, en.Status);
        Assert.Equal(ArticleVisibility.MembersOnly, en.Visibility);
        Assert.Equal(ArticleStatus.Published, zh.Status);
        Assert.Equal(new DateTime(2025, 4, 1, 1, 0, 0, DateTimeKind.Utc), zh.PublishedUtc);
        Assert.Equal(zh.TranslationKey, en.TranslationKey);

        // Only the first run changed anything, so only it asked for indexing.
        Assert.Equal(2, site.Queue.Changes.Count);
    }

    [Fact]
    public async Task A_changed_article_gets_a_new_revision_on_the_next_run()
    {
        using var site = new TestSite();
        await using (var db = site.NewContext())
        {
            await site.CategoriesStep(db).ExecuteAsync(Categories(), Context, CancellationToken.None);
            await site.ArticlesStep(db).ExecuteAsync(Articles(), Context, CancellationToken.None);
        }

        await using (var db = site.NewContext())
        {
            await site.ArticlesStep(db).ExecuteAsync(Articles("及早培養接班人"), Context, CancellationToken.None);
        }

        await using var check = site.NewContext();
        var zh = await check.Articles.SingleAsync(a => a.Culture == "zh-HK");
        Assert.Equal("及早培養接班人", zh.Title);
        Assert.Equal(2, zh.CurrentRevision);
    }

    [Fact]
    public void Validation_names_the_article_and_the_field()
    {
        using var site = new TestSite();
        using var db = site.NewContext();
        var model = new KnowledgeArticlesStepModel
        {
            Articles =
            [
                new() { Slug = "Bad Slug", Culture = "fr", Title = "", Body = " ", Visibility = "secret", Status = "live", Published = "1/4/2025" },
                new() { Slug = "twice", Culture = "en", Title = "A", Body = "B" },
                new() { Slug = "twice", Culture = "en", Title = "A", Body = "B" },
            ],
        };

        var problems = site.ArticlesStep(db).Validate(model, Context).ToList();

        Assert.Equal(
        [
            "KnowledgeArticles: article #1 (\"Bad Slug\", fr): \"slug\" is missing or not a valid web address (lower-case letters a-z, digits and hyphens).",
            "KnowledgeArticles: article #1 (\"Bad Slug\", fr): \"culture\" must be \"zh-HK\" or \"en\".",
            "KnowledgeArticles: article #1 (\"Bad Slug\", fr): \"title\" is required.",
            "KnowledgeArticles: article #1 (\"Bad Slug\", fr): \"body\" (the Markdown text) is required.",
            "KnowledgeArticles: article #1 (\"Bad Slug\", fr): \"visibility\" must be \"public\" or \"members\".",
            "KnowledgeArticles: article #1 (\"Bad Slug\", fr): \"status\" must be \"published\", \"draft\", \"inreview\" or \"unpublished\".",
            "KnowledgeArticles: article #1 (\"Bad Slug\", fr): \"published\" must be a date written as yyyy-MM-dd.",
            "KnowledgeArticles: article #3 (\"twice\", en): the same slug and culture appear more than once.",
        ], problems);
    }

    [Fact]
    public void Category_validation_asks_for_both_names()
    {
        using var site = new TestSite();
        using var db = site.NewContext();
        var model = new KnowledgeCategoriesStepModel { Categories = [new() { Slug = "fundraising", NameZh = "籌款" }] };

        var problems = site.CategoriesStep(db).Validate(model, Context).ToList();

        Assert.Equal(["KnowledgeCategories: category #1 (\"fundraising\"): \"nameEn\" (the English name) is required."], problems);
    }

    [Fact]
    public async Task An_unknown_category_stops_the_step_with_a_clear_message_and_saves_nothing()
    {
        using var site = new TestSite();
        await using var db = site.NewContext();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => site.ArticlesStep(db).ExecuteAsync(Articles(), Context, CancellationToken.None));

        Assert.Contains("names the category \"leadership\", which does not exist", error.Message, StringComparison.Ordinal);
        await using var check = site.NewContext();
        Assert.Equal(0, await check.Articles.CountAsync());
    }

    [Fact]
    public async Task The_sample_recipe_is_valid_bilingual_and_loads()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "knowledge.recipe.json");
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var steps = document.RootElement.GetProperty("steps").EnumerateArray().ToList();
        var categories = steps.Single(s => s.GetProperty("name").GetString() == KnowledgeCategoriesStep.Name).Deserialize<KnowledgeCategoriesStepModel>(RecipeExecutionContext.JsonOptions)!;
        var articles = steps.Single(s => s.GetProperty("name").GetString() == KnowledgeArticlesStep.Name).Deserialize<KnowledgeArticlesStepModel>(RecipeExecutionContext.JsonOptions)!;

        using var site = new TestSite();
        await using var db = site.NewContext();
        Assert.Empty(site.CategoriesStep(db).Validate(categories, Context));
        Assert.Empty(site.ArticlesStep(db).Validate(articles, Context));
        await site.CategoriesStep(db).ExecuteAsync(categories, Context, CancellationToken.None);
        await site.ArticlesStep(db).ExecuteAsync(articles, Context, CancellationToken.None);

        await using var check = site.NewContext();
        var all = await check.Articles.ToListAsync();
        Assert.True(all.Count >= 40, $"only {all.Count} articles");
        var pairs = all.GroupBy(a => a.TranslationKey).Where(g => g.Select(a => a.Culture).Distinct().Count() == 2).Count();
        Assert.True(pairs >= 20, $"only {pairs} translated pairs");
        Assert.All(all, a => Assert.True(a.Body.Length >= (a.Culture == "en" ? 600 : 300), $"{a.Slug} ({a.Culture}) is short: {a.Body.Length}"));
        Assert.All(all, a => Assert.NotNull(a.CategoryId));
        Assert.Contains(all, a => a.Body.Contains("照顧者", StringComparison.Ordinal));
        Assert.Contains(all, a => a.Body.Contains("護老者", StringComparison.Ordinal));
        Assert.Contains(all, a => a.Body.Contains("caregiver", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(all, a => a.Body.Contains("互助", StringComparison.Ordinal));
        Assert.Contains(all, a => a.Body.Contains("義工", StringComparison.Ordinal));
    }
}
