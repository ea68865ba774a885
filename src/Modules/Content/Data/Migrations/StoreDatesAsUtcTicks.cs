using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;

namespace Portal.Content.Data.Migrations;

/// <summary>
/// Schema version 3: instants move from EF's DateTimeOffset binary encoding to the portal's one convention, UTC ticks
/// (<see cref="PortalDates"/>). The columns stay integers; each value is rewritten in place.
/// </summary>
internal sealed class StoreDatesAsUtcTicks : IModuleMigration<ContentDbContext>
{
    public int Version => 3;

    public void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.ConvertToUtcTicks(ContentDbContext.TablePrefix + "Pages", PortalDates.OldDateStorage.Binary,
            [("CreatedUtc", false), ("UpdatedUtc", false), ("PublishedUtc", true)]);
        migrationBuilder.ConvertToUtcTicks(ContentDbContext.TablePrefix + "PageRevisions", PortalDates.OldDateStorage.Binary,
            [("SavedUtc", false)]);
        migrationBuilder.ConvertToUtcTicks(ContentDbContext.TablePrefix + "News", PortalDates.OldDateStorage.Binary,
            [("CreatedUtc", false), ("UpdatedUtc", false)]);
    }
}
