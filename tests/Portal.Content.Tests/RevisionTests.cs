using Microsoft.EntityFrameworkCore;
using Portal.Content.Data;
using Portal.Content.Models;
using Portal.Content.Services;
using Portal.Content.ViewModels;
using Portal.People;
using Microsoft.Extensions.Time.Testing;

namespace Portal.Content.Tests;

public sealed class PageRestoreTests
{
    private static readonly PageText First = new("關於我們", "About us", "第一版", "First text");
    private static readonly PageText Second = new("關於我們", "About us", "第二版", "First text");

    private static Page TwoVersions(bool published)
    {
        var page = Page.Create("about", First, Tests.Now);
        if (published)
        {
            page.Publish(Tests.Now);
        }

        page.Revise(Second, Tests.Now.AddHours(1), "staff");
        return page;
    }

    [Fact]
    public void Restoring_makes_a_new_version_and_keeps_the_replaced_text()
    {
        var page = TwoVersions(published: false);

        Assert.True(page.Restore(1, StatusAfterRestore.Keep, Tests.Now.AddHours(2), "id-admin"));

        Assert.Equal(3, page.Version);
        Assert.Equal(First, page.Text);
        Assert.Equal([1, 2], page.Revisions.Select(r => r.Version));
        var replaced = page.Revisions.Single(r => r.Version == 2);
        Assert.Equal(Second, replaced.Text);
        Assert.Equal("id-admin", replaced.SavedByUserId);
        Assert.Null(replaced.SavedBy);
        Assert.Equal(Tests.Now.AddHours(2), page.UpdatedUtc);
    }

    [Theory]
    [InlineData(true, StatusAfterRestore.Keep, PublishStatus.Published)]
    [InlineData(false, StatusAfterRestore.Keep, PublishStatus.Draft)]
    [InlineData(false, StatusAfterRestore.Publish, PublishStatus.Published)]
    [InlineData(true, StatusAfterRestore.Draft, PublishStatus.Draft)]
    [InlineData(true, StatusAfterRestore.Publish, PublishStatus.Published)]
    [InlineData(false, StatusAfterRestore.Draft, PublishStatus.Draft)]
    public void Restoring_keeps_the_publish_status_unless_staff_choose_otherwise(bool published, StatusAfterRestore choice, PublishStatus expected)
    {
        var page = TwoVersions(published);

        page.Restore(1, choice, Tests.Now.AddHours(2), "id-admin");

        Assert.Equal(expected, page.Status);
        Assert.Equal(First, page.Text);
    }

    [Fact]
    public void A_version_without_publishable_text_cannot_be_restored_onto_a_published_page_and_nothing_changes()
    {
        var page = Page.Create("about", new PageText("只有標題", null, null, null), Tests.Now);
        page.Revise(First, Tests.Now.AddHours(1), "staff");
        page.Publish(Tests.Now.AddHours(1));

        var error = Assert.Throws<ContentRuleException>(() => page.Restore(1, StatusAfterRestore.Keep, Tests.Now.AddHours(2), "id-admin"));

        Assert.Equal("status", error.Error.Field);
        Assert.Equal(2, page.Version);
        Assert.Equal(First, page.Text);
        Assert.True(page.IsPublished);

        Assert.True(page.Restore(1, StatusAfterRestore.Draft, Tests.Now.AddHours(2), "id-admin"));
        Assert.Equal(PublishStatus.Draft, page.Status);
        Assert.Equal("只有標題", page.TitleZh);
    }

    [Fact]
    public void An_unknown_version_or_choice_is_refused()
    {
        var page = TwoVersions(published: false);

        Assert.Equal("version", Assert.Throws<ContentRuleException>(() => page.Restore(2, StatusAfterRestore.Keep, Tests.Now, "id-admin")).Error.Field);
        Assert.Equal("version", Assert.Throws<ContentRuleException>(() => page.Restore(9, StatusAfterRestore.Keep, Tests.Now, "id-admin")).Error.Field);
        Assert.Equal("status", Assert.Throws<ContentRuleException>(() => page.Restore(1, (StatusAfterRestore)7, Tests.Now, "id-admin")).Error.Field);
        Assert.Equal(2, page.Version);
    }

    [Fact]
    public void Restoring_text_equal_to_the_current_text_makes_no_version_but_applies_the_status_choice()
    {
        var page = Page.Create("about", First, Tests.Now);
        page.Revise(Second, Tests.Now, "staff");
        page.Revise(First, Tests.Now, "staff");

        Assert.False(page.Restore(1, StatusAfterRestore.Publish, Tests.Now, "id-admin"));

        Assert.Equal(3, page.Version);
        Assert.True(page.IsPublished);
    }

    [Theory]
    [InlineData(null, StatusAfterRestore.Keep)]
    [InlineData("keep", StatusAfterRestore.Keep)]
    [InlineData(" Publish ", StatusAfterRestore.Publish)]
    [InlineData("draft", StatusAfterRestore.Draft)]
    [InlineData("delete", null)]
    public void The_status_choice_is_read_from_the_form(string? value, StatusAfterRestore? expected) =>
        Assert.Equal(expected, RestoreOutcome.ParseStatus(value));

    [Fact]
    public void Changed_languages_are_named()
    {
        Assert.Equal([Portal.Globalization.PortalCultures.Chinese], First.ChangedCultures(Second));
        Assert.Empty(First.ChangedCultures(First));
        Assert.Equal([Portal.Globalization.PortalCultures.Chinese, Portal.Globalization.PortalCultures.English],
            First.ChangedCultures(new PageText("新", "New", null, null)));
    }
}

public sealed class LineDiffTests
{
    [Fact]
    public void Lines_are_marked_removed_added_or_same_in_order()
    {
        var lines = LineDiff.Compare("a\nb\nc\nd", "a\nc\nx\nd");

        Assert.Equal(
            [(DiffKind.Same, "a"), (DiffKind.Removed, "b"), (DiffKind.Same, "c"), (DiffKind.Added, "x"), (DiffKind.Same, "d")],
            lines.Select(l => (l.Kind, l.Text)));
    }

    [Fact]
    public void Empty_texts_compare_as_all_added_or_all_removed()
    {
        Assert.Equal([DiffKind.Added, DiffKind.Added], LineDiff.Compare(null, "one\ntwo").Select(l => l.Kind));
        Assert.Equal([DiffKind.Removed], LineDiff.Compare("one", "").Select(l => l.Kind));
        Assert.Empty(LineDiff.Compare(null, null));
    }

    [Fact]
    public void Very_long_texts_are_compared_without_running_out_of_time()
    {
        var older = string.Join('\n', Enumerable.Range(0, 5000).Select(i => $"old {i}"));
        var newer = string.Join('\n', Enumerable.Range(0, 5000).Select(i => $"new {i}"));

        var lines = LineDiff.Compare("same\n" + older, "same\n" + newer);

        Assert.Equal(10_001, lines.Count);
        Assert.Equal(DiffKind.Same, lines[0].Kind);
        Assert.Equal(5000, lines.Count(l => l.Kind == DiffKind.Removed));
    }
}

public sealed class PageHistoryServiceTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly RecordingIndexingQueue _queue = new();
    private readonly FakeTimeProvider _clock = new(Tests.Now);

    public void Dispose() => _database.Dispose();

    private PageEditor Pages(ContentDbContext db) => new(db, _clock, Tests.Notifier(_queue), new PlainMarkdownRenderer());

    private static PageHistoryReader History(ContentDbContext db) => new(db, new People(), new PlainMarkdownRenderer());

    private async Task<long> PublishedPageWithThreeVersionsAsync()
    {
        await using var db = _database.CreateContext();
        var id = (await Pages(db).SaveAsync(null, new PageForm { Slug = "about", TitleZh = "關於", BodyZh = "第一版", TitleEn = "About", BodyEn = "One" }, true, "id-staff", CancellationToken.None)).Id!.Value;
        _clock.SetUtcNow(Tests.Now.AddHours(1));
        await Pages(db).SaveAsync(id, new PageForm { Slug = "about", TitleZh = "關於", BodyZh = "第二版", TitleEn = "About", BodyEn = "One" }, false, "id-staff", CancellationToken.None);
        _clock.SetUtcNow(Tests.Now.AddHours(2));
        await Pages(db).SaveAsync(id, new PageForm { Slug = "about", TitleZh = "關於", BodyZh = "第二版", TitleEn = "About", BodyEn = "Three <script>x</script>" }, false, "id-mail", CancellationToken.None);
        return id;
    }

    [Fact]
    public async Task The_history_lists_every_version_with_who_saved_it_and_which_languages_changed_and_no_email()
    {
        var id = await PublishedPageWithThreeVersionsAsync();
        await using var db = _database.CreateContext();

        var history = await History(db).HistoryAsync(id, "en", CancellationToken.None);

        Assert.NotNull(history);
        Assert.Equal("About", history.Title);
        Assert.Equal([3, 2, 1], history.Versions.Select(v => v.Version));
        var (current, second, first) = (history.Versions[0], history.Versions[1], history.Versions[2]);
        Assert.True(current.IsCurrent);
        Assert.Null(current.SavedBy);
        Assert.True(current.NameHidden);
        Assert.Equal(["en"], current.ChangedCultures);
        Assert.Equal("職員", second.SavedBy);
        Assert.Equal(["zh-HK"], second.ChangedCultures);
        Assert.True(first.IsFirst);
        Assert.Equal(Tests.Now, first.SavedUtc);
        Assert.DoesNotContain(history.Versions, v => v.SavedBy?.Contains('@', StringComparison.Ordinal) == true);
        Assert.Null(await History(db).HistoryAsync(id + 1, "en", CancellationToken.None));
    }

    [Fact]
    public async Task Versions_saved_before_user_ids_were_kept_are_named_by_their_user_name()
    {
        var id = await PublishedPageWithThreeVersionsAsync();
        await using (var legacy = _database.CreateContext())
        {
            // As a row written before schema version 2: a user name and no user id.
            await legacy.PageRevisions.Where(r => r.PageId == id && r.Version == 1)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.SavedByUserId, (string?)null).SetProperty(r => r.SavedBy, "staff"));
            await legacy.PageRevisions.Where(r => r.PageId == id && r.Version == 2)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.SavedByUserId, (string?)null).SetProperty(r => r.SavedBy, "mail@example.org"));
        }

        await using var db = _database.CreateContext();
        var history = await History(db).HistoryAsync(id, "en", CancellationToken.None);

        Assert.NotNull(history);
        Assert.Equal("職員", history.Versions.Single(v => v.Version == 2).SavedBy);
        var current = history.Versions.Single(v => v.IsCurrent);
        Assert.Null(current.SavedBy);
        Assert.True(current.NameHidden);
    }

    [Fact]
    public async Task A_version_is_rendered_safely_with_the_changes_since()
    {
        var id = await PublishedPageWithThreeVersionsAsync();
        await using var db = _database.CreateContext();

        var revision = await History(db).RevisionAsync(id, 1, "zh-HK", CancellationToken.None);

        Assert.NotNull(revision);
        Assert.Equal("<p>第一版</p>", revision.HtmlZh);
        Assert.Equal(3, revision.CurrentVersion);
        var chinese = revision.Changes.Single(c => c.Culture == "zh-HK");
        Assert.Equal([(DiffKind.Removed, "第一版"), (DiffKind.Added, "第二版")], chinese.Body.Select(l => (l.Kind, l.Text)));
        Assert.True(revision.Changes.Single(c => c.Culture == "en").HasChanges);
        Assert.Null(await History(db).RevisionAsync(id, 3, "zh-HK", CancellationToken.None));
    }

    [Fact]
    public async Task Restoring_saves_a_new_version_keeps_it_published_and_tells_the_search_index_after_saving()
    {
        var id = await PublishedPageWithThreeVersionsAsync();
        _queue.Changes.Clear();
        await using (var db = _database.CreateContext())
        {
            var outcome = await Pages(db).RestoreAsync(id, 1, StatusAfterRestore.Keep, "id-admin", CancellationToken.None);
            Assert.True(outcome.Succeeded);
            Assert.True(outcome.TextChanged);
            Assert.Equal(4, outcome.Version);
        }

        Assert.Equal([$"{id}:zh-HK", $"{id}:en"], _queue.Changes.Select(c => c.ItemId));
        await using var read = _database.CreateContext();
        var page = await read.Pages.Include(p => p.Revisions).SingleAsync(p => p.Id == id);
        Assert.True(page.IsPublished);
        Assert.Equal("第一版", page.BodyZh);
        Assert.Equal("One", page.BodyEn);
        Assert.Equal([1, 2, 3], page.Revisions.Select(r => r.Version).Order());
    }

    [Fact]
    public async Task A_refused_restore_saves_nothing_and_tells_no_one()
    {
        var id = await PublishedPageWithThreeVersionsAsync();
        _queue.Changes.Clear();
        await using var db = _database.CreateContext();

        var outcome = await Pages(db).RestoreAsync(id, 42, StatusAfterRestore.Keep, "id-admin", CancellationToken.None);

        Assert.Equal("version", Assert.Single(outcome.Errors).Field);
        Assert.Empty(_queue.Changes);
        await using var read = _database.CreateContext();
        Assert.Equal(3, (await read.Pages.SingleAsync(p => p.Id == id)).Version);
    }

    private sealed class People : IPersonDirectory
    {
        private readonly List<PersonInfo> _people =
        [
            new("id-staff", "staff", "職員", "staff@example.org", true, "zh-HK", ["Staff"]),
            new("id-mail", "mail@example.org", "mail@example.org", "mail@example.org", true, "en", ["Staff"]),
        ];

        public Task<PersonInfo?> FindAsync(string userId, CancellationToken cancellationToken = default) => Task.FromResult(_people.FirstOrDefault(p => p.UserId == userId));

        public Task<PersonInfo?> FindByUserNameAsync(string userName, CancellationToken cancellationToken = default) => Task.FromResult(_people.FirstOrDefault(p => p.UserName == userName));

        public Task<IReadOnlyList<PersonInfo>> FindManyAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<PersonInfo>>([.. _people.Where(p => userIds.Contains(p.UserId))]);

        public Task<IReadOnlyList<PersonInfo>> InRoleAsync(string role, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<PersonInfo>>([.. _people.Where(p => p.Roles.Contains(role))]);
    }
}
