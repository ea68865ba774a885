using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;

namespace Portal.Hosting.Data.Migrations;

/// <summary>
/// Host schema version 4: <see cref="HostDbContext.ClusterSignalsTable"/>, one version counter per cluster-signal
/// channel, by which nodes sharing a SQLite file tell each other that features or settings changed (PostgreSQL uses
/// <c>NOTIFY</c> and leaves the table empty).
/// </summary>
internal sealed class AddClusterSignals : IModuleMigration<HostDbContext>
{
    public int Version => 4;

    public void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: HostDbContext.ClusterSignalsTable,
            columns: table => new
            {
                Channel = table.Column<string>(maxLength: 100, nullable: false),
                Version = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_" + HostDbContext.ClusterSignalsTable, c => c.Channel));
    }
}
