using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Data;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>
/// Databases created before a module's version-2 migration are upgraded at start-up, on SQLite and PostgreSQL:
/// the test puts a real database back to version 1 (the content module's page revisions without the saver's user
/// id; the search module without its indexing-log horizon table) and starts a node on it.
/// </summary>
public abstract class ModuleMigrationTests<TSite>
    where TSite : PortalSite, new()
{
    [Fact]
    public async Task A_database_at_module_schema_version_1_is_upgraded_at_start_up()
    {
        using var first = new TSite();
        using (var warmUp = first.CreateBrowser())
        {
            Assert.Equal(HttpStatusCode.OK, (await warmUp.GetAsync("/health")).StatusCode);
        }

        using (var scope = first.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
            await db.Database.ExecuteSqlRawAsync("DROP INDEX \"IX_content_PageRevisions_SavedByUserId\"");
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"content_PageRevisions\" DROP COLUMN \"SavedByUserId\"");
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"search_IndexingLogHorizon\"");
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"search_SetAside\"");
            await db.Database.ExecuteSqlRawAsync("UPDATE portal_schema_versions SET version = 1 WHERE context_name IN ('ContentDbContext', 'SearchDbContext')");
        }

        using var upgraded = new SameDatabaseNode(first);
        using (var client = upgraded.CreateBrowser())
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        }

        using (var scope = upgraded.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
            Assert.Equal(3, await VersionAsync(db, "ContentDbContext"));
            Assert.Equal(3, await VersionAsync(db, "SearchDbContext"));
            Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT COUNT(\"SavedByUserId\") AS \"Value\" FROM \"content_PageRevisions\"").SingleAsync());
            // Fails with "no such table" / "relation does not exist" unless the migration created it again.
            Assert.True(await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"search_IndexingLogHorizon\"").SingleAsync() >= 0);
            Assert.True(await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"search_SetAside\"").SingleAsync() >= 0);
        }
    }

    private static async Task<int> VersionAsync(HostDbContext db, string context) =>
        await db.Database.SqlQuery<int>($"SELECT version AS \"Value\" FROM portal_schema_versions WHERE context_name = {context}").SingleAsync();
}

public sealed class SqliteModuleMigrationTests : ModuleMigrationTests<PortalSite>;

public sealed class PostgresModuleMigrationTests : ModuleMigrationTests<PostgresPortalSite>;
