using Microsoft.EntityFrameworkCore;
using Portal.Content.Data;
using Portal.Content.Models;
using Portal.Content.Services;
using Portal.Content.ViewModels;
using Microsoft.Extensions.Time.Testing;

namespace Portal.Content.Tests;

public sealed class ServiceTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly RecordingIndexingQueue _queue = new();
    private readonly FakeTimeProvider _clock = new(Tests.Now);

    public void Dispose() => _database.Dispose();

    private PageEditor Pages(ContentDbContext db) => new(db, _clock, Tests.Notifier(_queue), new PlainMarkdownRenderer());

    [Fact]
    public async Task Saving_collects_every_problem_and_saves_nothing()
    {
        await using var db = _database.CreateContext();
        var outcome = await Pages(db).SaveAsync(null, new PageForm { Slug = "Bad Slug", BodyEn = "text" }, publish: false, "staff", CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(["slug", "titleZh", "titleEn"], outcome.Errors.Select(e => e.Field));
        Assert.Empty(await db.Pages.ToListAsync());
        Assert.Empty(_queue.Changes);
    }

    [Fact]
    public async Task A_page_and_its_indexing_log_rows_commit_together_or_not_at_all()
    {
        await using (var db = _database.CreateContext())
        {
            var form = new PageForm { Slug = "about", TitleZh = "關於", BodyZh = "內文" };
            Assert.True((await Pages(db).SaveAsync(null, form, true, "staff", CancellationToken.None)).Succeeded);
            Assert.Equal(1, _queue.WithTransaction);

            _queue.Fail = true;
            var other = new PageForm { Slug = "contact", TitleZh = "聯絡", BodyZh = "內文" };
            await Assert.ThrowsAsync<InvalidOperationException>(() => Pages(db).SaveAsync(null, other, true, "staff", CancellationToken.None));
        }

        await using var check = _database.CreateContext();
        Assert.Equal(["about"], await check.Pages.Select(p => p.Slug).ToListAsync());
    }

    [Fact]
    public async Task A_slug_can_be_used_by_one_page_only()
    {
        await using var db = _database.CreateContext();
        var form = new PageForm { Slug = "about", TitleZh = "關於", BodyZh = "內文" };
        Assert.True((await Pages(db).SaveAsync(null, form, false, "staff", CancellationToken.None)).Succeeded);

        var second = await Pages(db).SaveAsync(null, form, false, "staff", CancellationToken.None);
        Assert.Equal("slug", Assert.Single(second.Errors).Field);
    }

    [Fact]
    public async Task Publishing_queues_both_languages_for_indexing_and_the_search_source_serves_them()
    {
        long id;
        await using (var db = _database.CreateContext())
        {
            var outcome = await Pages(db).SaveAsync(null, new PageForm { Slug = "about", TitleZh = "關於", BodyZh = "# 內文", TitleEn = "About", BodyEn = "Text" }, true, "staff", CancellationToken.None);
            id = outcome.Id!.Value;
        }

        Assert.Equal([$"{id}:zh-HK", $"{id}:en"], _queue.Changes.Select(c => c.ItemId));
        await using var read = _database.CreateContext();
        var source = new PageSearchSource(read, new PlainMarkdownRenderer());
        var english = await source.GetAsync($"{id}:en");
        Assert.NotNull(english);
        Assert.Equal("/pages/about?culture=en", english.Url);
        Assert.Equal(Portal.Search.SearchVisibility.PublicAudience, Assert.Single(english.Visibility.Audiences));
        Assert.Equal("內文", (await source.GetAsync($"{id}:zh-HK"))!.Body);

        var all = new List<Portal.Search.SearchDocument>();
        await foreach (var document in source.GetAllAsync())
        {
            all.Add(document);
        }

        Assert.Equal(2, all.Count);
    }

    [Fact]
    public async Task Draft_and_unpublished_pages_are_not_searchable_or_public()
    {
        long id;
        await using (var db = _database.CreateContext())
        {
            id = (await Pages(db).SaveAsync(null, new PageForm { Slug = "about", TitleZh = "關於", BodyZh = "內文" }, true, "staff", CancellationToken.None)).Id!.Value;
            Assert.True((await Pages(db).UnpublishAsync(id, CancellationToken.None)).Succeeded);
        }

        await using var read = _database.CreateContext();
        Assert.Null(await new PageSearchSource(read, new PlainMarkdownRenderer()).GetAsync($"{id}:zh-HK"));
        Assert.Null(await new ContentReader(read, new PlainMarkdownRenderer(), _clock).GetPageAsync("about", "zh-HK", CancellationToken.None));
    }

    [Fact]
    public async Task The_home_page_cannot_be_deleted()
    {
        await using var db = _database.CreateContext();
        var id = (await Pages(db).SaveAsync(null, new PageForm { Slug = "home", TitleZh = "首頁", BodyZh = "歡迎" }, true, "staff", CancellationToken.None)).Id!.Value;

        var outcome = await Pages(db).DeleteAsync(id, CancellationToken.None);
        Assert.False(outcome.Succeeded);
        Assert.Single(await db.Pages.ToListAsync());
    }

    [Fact]
    public async Task News_shows_newest_first_and_hides_future_and_draft_items()
    {
        await using (var db = _database.CreateContext())
        {
            var editor = new NewsEditor(db, _clock, Tests.Notifier(_queue), new PlainMarkdownRenderer());
            await editor.SaveAsync(null, new NewsForm { Slug = "old", TitleZh = "舊", SummaryZh = "摘要", PublishDate = "2026-10-01" }, true, CancellationToken.None);
            await editor.SaveAsync(null, new NewsForm { Slug = "new", TitleZh = "新", SummaryZh = "摘要", PublishDate = "2026-11-20" }, true, CancellationToken.None);
            await editor.SaveAsync(null, new NewsForm { Slug = "future", TitleZh = "未來", SummaryZh = "摘要", PublishDate = "2026-12-25" }, true, CancellationToken.None);
            await editor.SaveAsync(null, new NewsForm { Slug = "draft", TitleZh = "草稿", SummaryZh = "摘要", PublishDate = "2026-11-01" }, false, CancellationToken.None);
            var bad = await editor.SaveAsync(null, new NewsForm { Slug = "bad-date", TitleZh = "日期", PublishDate = "next week" }, false, CancellationToken.None);
            Assert.Equal("publishDate", Assert.Single(bad.Errors).Field);
        }

        await using var read = _database.CreateContext();
        var reader = new ContentReader(read, new PlainMarkdownRenderer(), _clock);
        var list = await reader.GetNewsListAsync("en", 1, CancellationToken.None);
        Assert.Equal(["new", "old"], list.Items.Select(i => i.Slug));
        Assert.All(list.Items, i => Assert.True(i.Title.IsFallback));
        Assert.Null(await reader.GetNewsAsync("future", "zh-HK", CancellationToken.None));
    }

    [Fact]
    public async Task Scheduled_news_is_queued_for_search_when_its_date_arrives_and_not_before()
    {
        long futureId;
        await using (var db = _database.CreateContext())
        {
            var editor = new NewsEditor(db, _clock, Tests.Notifier(_queue), new PlainMarkdownRenderer());
            await editor.SaveAsync(null, new NewsForm { Slug = "old", TitleZh = "舊", SummaryZh = "摘要", PublishDate = "2026-10-01" }, true, CancellationToken.None);
            await editor.SaveAsync(null, new NewsForm { Slug = "future", TitleZh = "聖誕聚會", TitleEn = "Christmas gathering", SummaryZh = "摘要", SummaryEn = "Summary", PublishDate = "2026-12-25" }, true, CancellationToken.None);
            await editor.SaveAsync(null, new NewsForm { Slug = "draft", TitleZh = "草稿", SummaryZh = "摘要", PublishDate = "2026-12-01" }, false, CancellationToken.None);
            futureId = (await db.News.SingleAsync(n => n.Slug == "future")).Id;
        }

        var source = new NewsSearchSource(_database.CreateContext(), new PlainMarkdownRenderer(), _clock);
        var itemId = ContentIndexNotifier.ItemId(futureId, "en");
        Assert.Null(await source.GetAsync(itemId));
        _queue.Changes.Clear();

        // Before the date: nothing to do.
        await using (var db = _database.CreateContext())
        {
            Assert.Equal(0, await new ScheduledNewsIndexer(db, _clock, Tests.Notifier(_queue)).RunOnceAsync(CancellationToken.None));
        }

        Assert.Empty(_queue.Changes);

        // 25 Dec, 00:30 in Hong Kong (24 Dec 16:30 UTC): the item is now visible and queued in both languages.
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 24, 16, 30, 0, TimeSpan.Zero));
        await using (var db = _database.CreateContext())
        {
            Assert.Equal(1, await new ScheduledNewsIndexer(db, _clock, Tests.Notifier(_queue)).RunOnceAsync(CancellationToken.None));
        }

        Assert.Equal(
            [ContentIndexNotifier.ItemId(futureId, "zh-HK"), ContentIndexNotifier.ItemId(futureId, "en")],
            _queue.Changes.Where(c => c.Source == NewsSearchSource.SourceName).Select(c => c.ItemId).Order(StringComparer.Ordinal).Reverse());
        var document = await new NewsSearchSource(_database.CreateContext(), new PlainMarkdownRenderer(), _clock).GetAsync(itemId);
        Assert.Equal("Christmas gathering", document!.Title);
    }

    [Fact]
    public async Task The_main_menu_follows_the_order_staff_set()
    {
        var menuCache = Tests.MenuCache();
        await using (var db = _database.CreateContext())
        {
            var editor = new MenuEditor(db, menuCache);
            await editor.AddAsync(new MenuItemForm { TextZh = "首頁", TextEn = "Home", Url = "/" }, CancellationToken.None);
            var news = await editor.AddAsync(new MenuItemForm { TextZh = "消息", TextEn = "News", Url = "/news" }, CancellationToken.None);
            Assert.True(await editor.MoveAsync(news.Id!.Value, -1, CancellationToken.None));
            var invalid = await editor.AddAsync(new MenuItemForm { TextZh = "壞", TextEn = "Bad", Url = "//evil" }, CancellationToken.None);
            Assert.Equal("url", Assert.Single(invalid.Errors).Field);
        }

        await using var read = _database.CreateContext();
        var links = await new ContentMainMenuSource(menuCache, read).GetMainMenuAsync("en");
        Assert.Equal(["News", "Home"], links.Select(l => l.Text));
    }
}
