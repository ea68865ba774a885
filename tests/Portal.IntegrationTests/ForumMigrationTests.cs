using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Data;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>
/// The forum's schema versions 3 (issue 13: the posts' indexes the impact figures need) and 4 (issue 16: the threads'
/// last-post index of the front page) upgrade a database at version 2 on SQLite and PostgreSQL: the test puts a real
/// database back to version 2 (the posts' old (Status, CreatedUtc) index, without the three new ones) and starts a node
/// on it; the upgraded database has the fresh schema's indexes.
/// </summary>
public abstract class ForumMigrationTests<TSite>
    where TSite : PortalSite, new()
{
    private const string Old = "IX_forum_Posts_Status_CreatedUtc";
    private const int Current = 4;
    private static readonly string[] Added = ["IX_forum_Posts_Status_CreatedUtc_CommunityId", "IX_forum_Posts_AuthorUserId_Status_CreatedUtc", "IX_forum_Topics_LastPostUtc"];

    [Fact]
    public async Task A_forum_at_schema_version_2_gets_the_indexes_of_versions_3_and_4_at_start_up()
    {
        using var first = new TSite();
        using (var warmUp = first.CreateBrowser())
        {
            Assert.Equal(HttpStatusCode.OK, (await warmUp.GetAsync("/health")).StatusCode);
        }

        using (var scope = first.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
            Assert.Equal(Current, await VersionAsync(db));
            Assert.False(await IndexExistsAsync(db, first.Provider, Old));
            foreach (var name in Added)
            {
                Assert.True(await IndexExistsAsync(db, first.Provider, name), name); // a fresh database has them
            }

            await db.Database.ExecuteSqlRawAsync("DROP INDEX \"IX_forum_Posts_Status_CreatedUtc_CommunityId\"");
            await db.Database.ExecuteSqlRawAsync("DROP INDEX \"IX_forum_Posts_AuthorUserId_Status_CreatedUtc\"");
            await db.Database.ExecuteSqlRawAsync("DROP INDEX \"IX_forum_Topics_LastPostUtc\"");
            await db.Database.ExecuteSqlRawAsync("CREATE INDEX \"IX_forum_Posts_Status_CreatedUtc\" ON \"forum_Posts\" (\"Status\", \"CreatedUtc\")");
            await db.Database.ExecuteSqlRawAsync("UPDATE portal_schema_versions SET version = 2 WHERE context_name = 'ForumDbContext'");
        }

        using var upgraded = new SameDatabaseNode(first);
        using (var client = upgraded.CreateBrowser())
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        }

        using (var scope = upgraded.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
            Assert.Equal(Current, await VersionAsync(db));
            foreach (var name in Added)
            {
                Assert.True(await IndexExistsAsync(db, upgraded.Provider, name), name);
            }

            Assert.False(await IndexExistsAsync(db, upgraded.Provider, Old));
        }
    }

    private static async Task<int> VersionAsync(HostDbContext db) =>
        await db.Database.SqlQuery<int>($"SELECT version AS \"Value\" FROM portal_schema_versions WHERE context_name = 'ForumDbContext'").SingleAsync();

    private static async Task<bool> IndexExistsAsync(HostDbContext db, string provider, string name) =>
        await (provider == "Postgres"
            ? db.Database.SqlQuery<int>($"SELECT COUNT(*)::int AS \"Value\" FROM pg_indexes WHERE indexname = {name}")
            : db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'index' AND name = {name}")).SingleAsync() == 1;
}

public sealed class SqliteForumMigrationTests : ForumMigrationTests<PortalSite>;

[Collection(PostgresCollection.Name)]
public sealed class PostgresForumMigrationTests : ForumMigrationTests<PostgresPortalSite>;
