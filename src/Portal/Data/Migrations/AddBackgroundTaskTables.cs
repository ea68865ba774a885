using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using Portal.Data;

namespace Portal.Hosting.Data.Migrations;

/// <summary>
/// Host schema version 3: the background-task runner's tables, the run history shown at
/// <c>/admin/background-tasks</c> (<see cref="HostDbContext.BackgroundTaskRunsTable"/>) and the leases that keep a
/// single-node task on one node at a time on SQLite (<see cref="HostDbContext.BackgroundTaskLeasesTable"/>). Runs only
/// on databases created before it; a fresh database gets both tables from the model.
/// </summary>
internal sealed class AddBackgroundTaskTables : IModuleMigration<HostDbContext>
{
    public int Version => 3;

    public void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: HostDbContext.BackgroundTaskRunsTable,
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                TaskName = table.Column<string>(maxLength: 200, nullable: false),
                Node = table.Column<string>(maxLength: 200, nullable: false),
                StartedUtc = table.Column<DateTimeOffset>(nullable: false),
                EndedUtc = table.Column<DateTimeOffset>(nullable: false),
                DurationMs = table.Column<long>(nullable: false),
                Succeeded = table.Column<bool>(nullable: false),
                ErrorType = table.Column<string>(maxLength: 300, nullable: true),
                ErrorMessage = table.Column<string>(maxLength: 1000, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_" + HostDbContext.BackgroundTaskRunsTable, r => r.Id));
        migrationBuilder.CreateIndex(
            name: "IX_" + HostDbContext.BackgroundTaskRunsTable + "_TaskName_Id",
            table: HostDbContext.BackgroundTaskRunsTable,
            columns: ["TaskName", "Id"]);
        migrationBuilder.CreateTable(
            name: HostDbContext.BackgroundTaskLeasesTable,
            columns: table => new
            {
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Holder = table.Column<string>(maxLength: 200, nullable: false),
                ExpiresUnixMs = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_" + HostDbContext.BackgroundTaskLeasesTable, l => l.Name));
    }
}
