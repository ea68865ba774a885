using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Content.Resources;
using Portal.Content.Services;
using Portal.Content.ViewModels;
using Portal.People;
using Portal.Privacy;

namespace Portal.Content.Tests;

public sealed class ContentPersonalDataTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly FixedClock _clock = new(Tests.Now);

    public void Dispose() => _database.Dispose();

    private sealed class Directory : IPersonDirectory
    {
        private readonly List<PersonInfo> _people =
        [
            new("id-staff", "staff", "職員", null, true, "zh-HK", ["Staff"]),
            new("id-editor", "editor", "Editor", null, true, "en", ["Staff"]),
        ];

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

    private static ContentPersonalData Provider(Data.ContentDbContext db) => new(db, new Directory(), new EchoLocalizer());

    [Fact]
    public async Task Page_history_keeps_the_text_and_forgets_the_erased_editor_only()
    {
        long id;
        await using (var db = _database.CreateContext())
        {
            var pages = new PageEditor(db, _clock, Tests.Notifier(new RecordingIndexingQueue()));
            id = (await pages.SaveAsync(null, new PageForm { Slug = "about", TitleZh = "關於", BodyZh = "第一版" }, true, "staff", CancellationToken.None)).Id!.Value;
            Assert.True((await pages.SaveAsync(id, new PageForm { Slug = "about", TitleZh = "關於", BodyZh = "第二版" }, true, "staff", CancellationToken.None)).Succeeded);
            Assert.True((await pages.SaveAsync(id, new PageForm { Slug = "about", TitleZh = "關於", BodyZh = "第三版" }, true, "editor", CancellationToken.None)).Succeeded);
        }

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
        Assert.Null(revisions[0].SavedBy);
        Assert.Equal("第一版", revisions[0].BodyZh);
        Assert.Equal("editor", revisions[1].SavedBy);
    }
}
