using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;

namespace Portal.Knowledge.Data.Migrations;

/// <summary>
/// Schema version 2: instants were <see cref="DateTime"/> (ISO text on SQLite, <c>timestamp with time zone</c> on
/// PostgreSQL) and become <see cref="DateTimeOffset"/> stored as UTC ticks, the portal's one convention
/// (<see cref="PortalDates"/>). Every value is kept (to the millisecond on SQLite).
/// </summary>
internal sealed class StoreDatesAsUtcTicks : IModuleMigration<KnowledgeDbContext>
{
    public const string StatusPublishedIndex = "IX_" + KnowledgeDbContext.TablePrefix + "Articles_Status_PublishedUtc";

    public int Version => 2;

    public void Up(MigrationBuilder migrationBuilder)
    {
        const string Prefix = KnowledgeDbContext.TablePrefix;
        migrationBuilder.ConvertToUtcTicks(Prefix + "Articles", PortalDates.OldDateStorage.Native,
            [("PublishedUtc", true), ("CreatedUtc", false), ("UpdatedUtc", false)],
            [(StatusPublishedIndex, ["Status", "PublishedUtc"], false)]);
        migrationBuilder.ConvertToUtcTicks(Prefix + "ArticleRevisions", PortalDates.OldDateStorage.Native, [("CreatedUtc", false)]);
        migrationBuilder.ConvertToUtcTicks(Prefix + "Attachments", PortalDates.OldDateStorage.Native, [("UploadedUtc", false)]);
    }
}
