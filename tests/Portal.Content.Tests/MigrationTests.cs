using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Content.Data.Migrations;
using Portal.Content.Services;
using Portal.Content.ViewModels;

namespace Portal.Content.Tests;

public sealed class MigrationTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Version_2_adds_the_saver_user_id_to_a_database_made_before_it_and_keeps_old_names()
    {
        await using (var db = _database.CreateContext())
        {
            // Back to schema version 1: page revisions without the user id column, one of them saved by name.
            await db.Database.ExecuteSqlRawAsync("DROP INDEX \"IX_content_PageRevisions_SavedByUserId\"");
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"content_PageRevisions\" DROP COLUMN \"SavedByUserId\"");
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"content_Pages\" (\"Slug\", \"TitleZh\", \"BodyZh\", \"Status\", \"CreatedUtc\", \"UpdatedUtc\", \"Version\") VALUES ('about', '關於', '第二版', 'Published', 0, 0, 2)");
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"content_PageRevisions\" (\"PageId\", \"Version\", \"TitleZh\", \"BodyZh\", \"SavedUtc\", \"SavedBy\") VALUES (1, 1, '關於', '第一版', 0, 'staff')");

            var migration = new AddRevisionSavedByUserId();
            Assert.Equal(2, migration.Version);
            var builder = new MigrationBuilder(db.Database.ProviderName);
            migration.Up(builder);
            foreach (var command in db.GetService<IMigrationsSqlGenerator>().Generate(builder.Operations, db.Model))
            {
                await db.Database.ExecuteSqlRawAsync(command.CommandText);
            }
        }

        await using (var db = _database.CreateContext())
        {
            var pages = new PageEditor(db, new FakeTimeProvider(Tests.Now), Tests.Notifier(new RecordingIndexingQueue()), new PlainMarkdownRenderer());
            Assert.True((await pages.SaveAsync(1, new PageForm { Slug = "about", TitleZh = "關於", BodyZh = "第三版" }, true, "id-staff", CancellationToken.None)).Succeeded);
        }

        await using var read = _database.CreateContext();
        var revisions = await read.PageRevisions.OrderBy(r => r.Version).ToListAsync();
        Assert.Equal(("staff", (string?)null), (revisions[0].SavedBy, revisions[0].SavedByUserId));
        Assert.Equal(((string?)null, "id-staff"), (revisions[1].SavedBy, revisions[1].SavedByUserId));
    }
}
