using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;

namespace Portal.Search.Data.Migrations;

/// <summary>
/// Schema version 2: the indexing log's pruning horizon (<see cref="Models.IndexingLogHorizon"/>).
/// Runs only on databases created before it (a fresh database is created from the current model, which already
/// holds the table); <c>IF NOT EXISTS</c> keeps it harmless if a table was made by hand.
/// </summary>
internal sealed class AddIndexingLogHorizon : IModuleMigration<SearchDbContext>
{
    public int Version => 2;

    public void Up(MigrationBuilder migrationBuilder)
    {
        const string Table = "\"" + SearchDbContext.TablePrefix + "IndexingLogHorizon\"";
        const string Key = "\"PK_" + SearchDbContext.TablePrefix + "IndexingLogHorizon\"";
        var postgres = migrationBuilder.ActiveProvider?.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) == true;
        migrationBuilder.Sql(postgres
            ? $"CREATE TABLE IF NOT EXISTS {Table} (\"Id\" bigint NOT NULL, \"PrunedUpToId\" bigint NOT NULL, \"UpdatedUtc\" bigint NOT NULL, CONSTRAINT {Key} PRIMARY KEY (\"Id\"))"
            : $"CREATE TABLE IF NOT EXISTS {Table} (\"Id\" INTEGER NOT NULL CONSTRAINT {Key} PRIMARY KEY, \"PrunedUpToId\" INTEGER NOT NULL, \"UpdatedUtc\" INTEGER NOT NULL)");
    }
}
