using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Content.Resources;
using Portal.Content.Services;
using Portal.Content.ViewModels;
using Portal.People;
using Portal.Privacy;
using Microsoft.Extensions.Time.Testing;

namespace Portal.Content.Tests;

public sealed class ContentPersonalDataTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(Tests.Now);

    public void Dispose() => _database.Dispose();

    /// <summary>People whose user names can change, as the host changes a user name with the e-mail address.</summary>
    private sealed class Directory : IPersonDirectory
    {
        private readonly List<PersonInfo> _people =
        [
            new("id-staff", "staff", "職員", null, true, "zh-HK", ["Staff"]),
            new("id-editor", "editor", "Editor", null, true, "en", ["Staff"]),
        ];

        public void Rename(string userId, string userName)
        {
            var index = _people.FindIndex(p => p.UserId == userId);
            _people[index] = _people[index] with { UserName = userName };
        }

        public void Add(PersonInfo person) => _people.Add(person);

        public Task<PersonInfo?> FindAsync(string userId, CancellationToken cancellationToken = default) => Task.FromResult(_people.FirstOrDefault(p => p.UserId == userId));

        public Task<PersonInfo?> FindByUserNameAsync(string userName, CancellationToken cancellationToken = default) => Task.FromResult(_people.FirstOrDefault(p => p.UserName == userName));

        public Task<IReadOnlyList<PersonInfo>> FindManyAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<PersonInfo>>([.. _people.Where(p => userIds.Contains(p.UserId))]);

        public Task<IReadOnlyList<PersonInfo>> InRoleAsync(string role, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<PersonInfo>>([.. _people.Where(p => p.Roles.Contains(role))]);
    }

    private sealed class EchoLocalizer : IStringLocalizer<ContentStrings>
    {
        public LocalizedString this[string name] => new(name, name);

        public LocalizedString this[string name, params object[] arguments] => new(name, string.Format(System.Globalization.CultureInfo.InvariantCulture, name, arguments));

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }

    private readonly Directory _people = new();

    private ContentPersonalData Provider(Data.ContentDbContext db) => new(db, _people, new EchoLocalizer());

    private async Task<long> PageEditedByAsync(params string[] editorUserIds)
    {
        await using var db = _database.CreateContext();
        var pages = new PageEditor(db, _clock, Tests.Notifier(new RecordingIndexingQueue()), new PlainMarkdownRenderer());
        var id = (await pages.SaveAsync(null, new PageForm { Slug = "about", TitleZh = "關於", BodyZh = "第一版" }, true, editorUserIds[0], CancellationToken.None)).Id!.Value;
        var version = 1;
        foreach (var editor in editorUserIds)
        {
            version++;
            Assert.True((await pages.SaveAsync(id, new PageForm { Slug = "about", TitleZh = "關於", BodyZh = $"第{version}版" }, true, editor, CancellationToken.None)).Succeeded);
        }

        return id;
    }

    [Fact]
    public async Task Page_history_keeps_the_text_and_forgets_the_erased_editor_only()
    {
        var id = await PageEditedByAsync("id-staff", "id-editor");

        await using (var db = _database.CreateContext())
        {
            var export = await Provider(db).ExportAsync("id-staff");
            Assert.Equal("about", export.Tables.Single().Rows.Single().Fields.Single(f => f.Name == "page").Value);
            Assert.Equal(new PersonalDataErasure(0, 1), await Provider(db).EraseAsync("id-staff"));
            Assert.Equal(PersonalDataErasure.None, await Provider(db).EraseAsync("id-staff"));
            Assert.Equal(0, (await Provider(db).ExportAsync("id-staff")).RowCount);
        }

        await using var read = _database.CreateContext();
        var revisions = await read.PageRevisions.Where(r => r.PageId == id).OrderBy(r => r.Version).ToListAsync();
        Assert.Equal(2, revisions.Count);
        Assert.Null(revisions[0].SavedByUserId);
        Assert.Null(revisions[0].SavedBy);
        Assert.Equal("第一版", revisions[0].BodyZh);
        Assert.Equal("id-editor", revisions[1].SavedByUserId);
    }

    [Fact]
    public async Task After_a_user_name_change_export_and_erasure_find_the_edits_by_user_id_and_not_the_new_holder_of_the_old_name()
    {
        var id = await PageEditedByAsync("id-staff");
        _people.Rename("id-staff", "staff-renamed");
        _people.Add(new("id-newcomer", "staff", "Newcomer", null, true, "en", []));

        await using (var db = _database.CreateContext())
        {
            var mine = await Provider(db).ExportAsync("id-staff");
            Assert.Equal(1, mine.RowCount);
            Assert.Equal("1", mine.Tables.Single().Rows.Single().Fields.Single(f => f.Name == "replacedVersion").Value);
            Assert.Equal(0, (await Provider(db).ExportAsync("id-newcomer")).RowCount);
            Assert.Equal(PersonalDataErasure.None, await Provider(db).EraseAsync("id-newcomer"));
            Assert.Equal(new PersonalDataErasure(0, 1), await Provider(db).EraseAsync("id-staff"));
            Assert.Equal(0, (await Provider(db).ExportAsync("id-staff")).RowCount);
        }

        await using var read = _database.CreateContext();
        var revision = await read.PageRevisions.SingleAsync(r => r.PageId == id);
        Assert.Null(revision.SavedByUserId);
        Assert.Null(revision.SavedBy);
        Assert.Equal("第一版", revision.BodyZh);
    }

    [Fact]
    public async Task Edits_saved_before_user_ids_were_kept_are_found_by_the_current_user_name_and_erased()
    {
        var id = await PageEditedByAsync("id-staff", "id-editor", "id-editor");
        await using (var legacy = _database.CreateContext())
        {
            // As rows written before schema version 2: a user name and no user id.
            await legacy.PageRevisions.Where(r => r.PageId == id && r.Version == 1)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.SavedByUserId, (string?)null).SetProperty(r => r.SavedBy, "staff"));
            await legacy.PageRevisions.Where(r => r.PageId == id && r.Version == 2)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.SavedByUserId, (string?)null).SetProperty(r => r.SavedBy, "editor"));
        }

        await using (var db = _database.CreateContext())
        {
            Assert.Equal(1, (await Provider(db).ExportAsync("id-staff")).RowCount);
            Assert.Equal(new PersonalDataErasure(0, 1), await Provider(db).EraseAsync("id-staff"));
            Assert.Equal(0, (await Provider(db).ExportAsync("id-staff")).RowCount);
            Assert.Equal(2, (await Provider(db).ExportAsync("id-editor")).RowCount);
        }

        await using var read = _database.CreateContext();
        var revisions = await read.PageRevisions.Where(r => r.PageId == id).OrderBy(r => r.Version).ToListAsync();
        Assert.Null(revisions[0].SavedBy);
        Assert.Equal("editor", revisions[1].SavedBy);
        Assert.Equal("id-editor", revisions[2].SavedByUserId);
    }
}
