using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Content.Recipes;
using Portal.Recipes;
using Microsoft.Extensions.Time.Testing;

namespace Portal.Content.Tests;

public sealed class RecipeStepTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly RecordingIndexingQueue _queue = new();
    private readonly FakeTimeProvider _clock = new(Tests.Now);

    public void Dispose() => _database.Dispose();

    private static T Bind<T>(string json) => JsonSerializer.Deserialize<T>(json, RecipeExecutionContext.JsonOptions)!;

    private const string TwoPages = """
        { "name": "Pages", "pages": [
          { "slug": "about", "title": { "zh-HK": "關於我們", "en": "About us" }, "body": { "zh-HK": ["# 關於", "", "我們…"], "en": "We are…" } },
          { "slug": "draft-page", "status": "Draft", "title": { "zh-HK": "草稿" } }
        ] }
        """;

    [Fact]
    public async Task Pages_step_creates_pages_once_however_often_it_runs()
    {
        var model = Bind<PagesStepModel>(TwoPages);
        await using (var db = _database.CreateContext())
        {
            var step = new PagesStep(db, _clock, Tests.Notifier(_queue));
            Assert.Empty(step.Validate(model, Tests.RecipeContext()));
            await step.ExecuteAsync(model, Tests.RecipeContext(), CancellationToken.None);
        }

        await using (var db = _database.CreateContext())
        {
            await new PagesStep(db, _clock, Tests.Notifier(_queue)).ExecuteAsync(Bind<PagesStepModel>(TwoPages), Tests.RecipeContext(), CancellationToken.None);
        }

        await using var check = _database.CreateContext();
        var pages = await check.Pages.OrderBy(p => p.Slug).ToListAsync();
        Assert.Equal(["about", "draft-page"], pages.Select(p => p.Slug));
        Assert.True(pages[0].IsPublished);
        Assert.False(pages[1].IsPublished);
        Assert.Equal("# 關於\n\n我們…", pages[0].BodyZh);
        // Indexed once per language, after the first run only.
        Assert.Equal(4, _queue.Changes.Count);
        Assert.All(_queue.Changes, c => Assert.Equal("page", c.Source));
    }

    [Fact]
    public async Task Pages_step_leaves_an_edited_page_as_it_is()
    {
        await using (var db = _database.CreateContext())
        {
            await new PagesStep(db, _clock, Tests.Notifier(_queue)).ExecuteAsync(Bind<PagesStepModel>(TwoPages), Tests.RecipeContext(), CancellationToken.None);
            var about = await db.Pages.SingleAsync(p => p.Slug == "about");
            about.Revise(about.Text with { TitleEn = "Who we are" }, Tests.Now.AddDays(1), "staff");
            await db.SaveChangesAsync();
        }

        await using (var db = _database.CreateContext())
        {
            await new PagesStep(db, _clock, Tests.Notifier(_queue)).ExecuteAsync(Bind<PagesStepModel>(TwoPages), Tests.RecipeContext(), CancellationToken.None);
        }

        await using var check = _database.CreateContext();
        Assert.Equal("Who we are", (await check.Pages.SingleAsync(p => p.Slug == "about")).TitleEn);
    }

    [Theory]
    [InlineData("""{ "pages": [ { "slug": "About Us", "title": { "en": "About" }, "body": { "en": "x" } } ] }""", "\"slug\"")]
    [InlineData("""{ "pages": [ { "slug": "about", "body": { "en": "x" } } ] }""", "\"title.zh-HK\"")]
    [InlineData("""{ "pages": [ { "slug": "about", "title": { "zh-HK": "關於" }, "body": { "en": "x" } } ] }""", "\"title.en\"")]
    [InlineData("""{ "pages": [ { "slug": "about", "title": { "en": "About" }, "body": { "en": "x" }, "status": "Live" } ] }""", "\"status\"")]
    [InlineData("""{ "pages": [ { "slug": "about", "title": { "en": "About" } } ] }""", "\"body\"")]
    [InlineData("""{ "pages": [ { "slug": "a", "title": { "en": "A" }, "body": { "en": "x" } }, { "slug": "a", "title": { "en": "A" }, "body": { "en": "y" } } ] }""", "appears twice")]
    [InlineData("""{ "pages": [] }""", "\"pages\"")]
    public async Task Pages_step_names_the_field_that_is_wrong(string json, string expected)
    {
        await using var db = _database.CreateContext();
        var problems = new PagesStep(db, _clock, Tests.Notifier(_queue)).Validate(Bind<PagesStepModel>(json), Tests.RecipeContext()).ToList();

        Assert.NotEmpty(problems);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task News_step_validates_the_date_and_is_idempotent()
    {
        await using var db = _database.CreateContext();
        var step = new NewsStep(db, _clock, Tests.Notifier(_queue));

        var bad = Bind<NewsStepModel>("""{ "news": [ { "slug": "n", "date": "27/11/2026", "title": { "en": "N" }, "body": { "en": "x" } } ] }""");
        Assert.Contains(step.Validate(bad, Tests.RecipeContext()), p => p.Contains("\"date\"", StringComparison.Ordinal));

        var good = Bind<NewsStepModel>("""{ "news": [ { "slug": "n", "date": "2026-11-20", "title": { "zh-HK": "消息" }, "summary": { "zh-HK": "摘要" } } ] }""");
        Assert.Empty(step.Validate(good, Tests.RecipeContext()));
        await step.ExecuteAsync(good, Tests.RecipeContext(), CancellationToken.None);
        await step.ExecuteAsync(good, Tests.RecipeContext(), CancellationToken.None);

        var item = await db.News.SingleAsync();
        Assert.Equal(new DateOnly(2026, 11, 20), item.PublishDate);
        Assert.True(item.IsPublished);
    }

    [Fact]
    public async Task Menu_step_adds_links_in_order_and_skips_addresses_already_there()
    {
        var json = """{ "items": [ { "text": { "zh-HK": "首頁", "en": "Home" }, "url": "/" }, { "text": { "zh-HK": "消息", "en": "News" }, "url": "/news" } ] }""";
        await using (var db = _database.CreateContext())
        {
            var step = new MenuStep(db, Tests.MenuCache());
            Assert.Empty(step.Validate(Bind<MenuStepModel>(json), Tests.RecipeContext()));
            await step.ExecuteAsync(Bind<MenuStepModel>(json), Tests.RecipeContext(), CancellationToken.None);
        }

        await using (var db = _database.CreateContext())
        {
            await new MenuStep(db, Tests.MenuCache()).ExecuteAsync(Bind<MenuStepModel>(json), Tests.RecipeContext(), CancellationToken.None);
        }

        await using var check = _database.CreateContext();
        var items = await check.MenuItems.OrderBy(m => m.Position).ToListAsync();
        Assert.Equal(["/", "/news"], items.Select(i => i.Url));
    }

    [Fact]
    public async Task Menu_step_names_the_field_that_is_wrong()
    {
        await using var db = _database.CreateContext();
        var problems = new MenuStep(db, Tests.MenuCache()).Validate(
            Bind<MenuStepModel>("""{ "items": [ { "text": { "zh-HK": "壞連結" }, "url": "javascript:alert(1)" } ] }"""),
            Tests.RecipeContext()).ToList();

        Assert.Contains(problems, p => p.Contains("\"text.en\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("\"url\"", StringComparison.Ordinal));
    }

    /// <summary>The shipped demo recipe binds and validates, and has what the site needs.</summary>
    [Fact]
    public async Task The_content_recipe_is_valid()
    {
        var root = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "content.recipe.json")))!;
        var steps = root["steps"]!.AsArray().ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!);
        await using var db = _database.CreateContext();

        var pages = steps["Pages"].Deserialize<PagesStepModel>(RecipeExecutionContext.JsonOptions)!;
        Assert.Empty(new PagesStep(db, _clock, Tests.Notifier(_queue)).Validate(pages, Tests.RecipeContext()));
        Assert.Equal(["home", "about", "privacy", "accessibility", "terms"], pages.Pages.Select(p => p.Slug));
        Assert.All(pages.Pages, p => Assert.False(string.IsNullOrWhiteSpace(p.Body?.En)));

        var news = steps["News"].Deserialize<NewsStepModel>(RecipeExecutionContext.JsonOptions)!;
        Assert.Empty(new NewsStep(db, _clock, Tests.Notifier(_queue)).Validate(news, Tests.RecipeContext()));
        Assert.InRange(news.News.Count, 4, 6);

        var menu = steps["Menu"].Deserialize<MenuStepModel>(RecipeExecutionContext.JsonOptions)!;
        Assert.Empty(new MenuStep(db, Tests.MenuCache()).Validate(menu, Tests.RecipeContext()));
        Assert.Equal(["/", "/kb", "/academy", "/community", "/partners", "/pages/about", "/news"], menu.Items.Select(i => i.Url));
    }
}
