using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using Portal.Data;

namespace Portal.Hosting.Data.Migrations;

/// <summary>
/// Host schema version 6 (issue 18, privacy): the audit trail of staff access to personal data
/// (<see cref="HostDbContext.AuditEntriesTable"/>), and on each account the last sign-in, the warning before an unused
/// account is deleted and the version of the privacy notice the person accepted. Instants are UTC ticks
/// (<see cref="PortalDates"/>), as everywhere since version 5. Runs only on databases created before it.
/// </summary>
internal sealed class AddPrivacyRecords : IModuleMigration<HostDbContext>
{
    public int Version => 6;

    public void Up(MigrationBuilder migrationBuilder)
    {
        const string table = HostDbContext.AuditEntriesTable;
        migrationBuilder.CreateTable(
            name: table,
            columns: t => new
            {
                Id = t.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                OccurredUtc = t.Column<long>(nullable: false),
                ActorUserId = t.Column<string>(maxLength: 450, nullable: false),
                SubjectUserId = t.Column<string>(maxLength: 450, nullable: false),
                Area = t.Column<string>(maxLength: 100, nullable: false),
                Action = t.Column<int>(nullable: false),
                Reason = t.Column<string>(maxLength: Portal.Privacy.PersonalDataAccessLimits.ReasonMaxLength, nullable: true),
                Item = t.Column<string>(maxLength: Portal.Privacy.PersonalDataAccessLimits.ItemMaxLength, nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_" + table, a => a.Id));
        migrationBuilder.CreateIndex("IX_" + table + "_SubjectUserId_Id", table, ["SubjectUserId", "Id"]);
        migrationBuilder.CreateIndex("IX_" + table + "_ActorUserId_Id", table, ["ActorUserId", "Id"]);
        migrationBuilder.CreateIndex("IX_" + table + "_OccurredUtc", table, "OccurredUtc");

        migrationBuilder.AddColumn<long>(name: "LastSignInUtc", table: "AspNetUsers", nullable: true);
        migrationBuilder.AddColumn<long>(name: "InactivityWarningUtc", table: "AspNetUsers", nullable: true);
        migrationBuilder.AddColumn<string>(name: "PrivacyNoticeVersion", table: "AspNetUsers", maxLength: 50, nullable: true);
        migrationBuilder.AddColumn<long>(name: "PrivacyNoticeAcceptedUtc", table: "AspNetUsers", nullable: true);
    }
}
