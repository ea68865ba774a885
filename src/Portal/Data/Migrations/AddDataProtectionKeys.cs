using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using Portal.Data;

namespace Portal.Hosting.Data.Migrations;

/// <summary>
/// Host schema version 2: the Data Protection key ring moves from each node's data folder into the site database
/// (<see cref="HostDbContext.DataProtectionKeysTable"/>), so every node reads and writes the same keys. Runs only on
/// databases created before it; a fresh database gets the table from the model. The operations are the same ones EF
/// generates for the model, so SQLite and PostgreSQL each get their own SQL (an auto-increment / identity key).
/// </summary>
internal sealed class AddDataProtectionKeys : IModuleMigration<HostDbContext>
{
    public int Version => 2;

    public void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: HostDbContext.DataProtectionKeysTable,
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                FriendlyName = table.Column<string>(nullable: true),
                Xml = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_" + HostDbContext.DataProtectionKeysTable, k => k.Id));
    }
}
