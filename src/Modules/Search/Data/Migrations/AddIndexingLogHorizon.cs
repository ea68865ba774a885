using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;

namespace Portal.Search.Data.Migrations;

/// <summary>
/// Schema version 2: the indexing log's pruning horizon (<see cref="Models.IndexingLogHorizon"/>).
/// The host creates a fresh database from the current model (which already holds this table) and then still
/// runs every migration above version 1, so the statement must tolerate an existing table.
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
