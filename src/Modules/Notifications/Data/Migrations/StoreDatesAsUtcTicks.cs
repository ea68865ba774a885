using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;

namespace Portal.Notifications.Data.Migrations;

/// <summary>
/// Schema version 2: instants move onto the portal's one convention, UTC ticks (<see cref="PortalDates"/>). They were
/// stored two ways: EF's DateTimeOffset binary encoding on SQLite (rewritten in place) and <c>timestamp with time
/// zone</c> on PostgreSQL (the columns become <c>bigint</c>). Every value is kept.
/// </summary>
internal sealed class StoreDatesAsUtcTicks : IModuleMigration<NotificationsDbContext>
{
    public int Version => 2;

    public void Up(MigrationBuilder migrationBuilder)
    {
        var from = migrationBuilder.ActiveProvider?.Contains("Sqlite", StringComparison.Ordinal) == true
            ? PortalDates.OldDateStorage.Binary
            : PortalDates.OldDateStorage.Native;
        const string Prefix = NotificationsDbContext.TablePrefix;
        migrationBuilder.ConvertToUtcTicks(Prefix + "OutboxMessages", from,
            [("CreatedUtc", false), ("NextAttemptUtc", false), ("LeaseUntilUtc", true), ("SentUtc", true)]);
        migrationBuilder.ConvertToUtcTicks(Prefix + "InAppNotifications", from, [("CreatedUtc", false), ("ReadUtc", true)]);
        migrationBuilder.ConvertToUtcTicks(Prefix + "Preferences", from, [("UpdatedUtc", false)]);
        migrationBuilder.ConvertToUtcTicks(Prefix + "Templates", from, [("UpdatedUtc", false)]);
        migrationBuilder.ConvertToUtcTicks(Prefix + "SmtpSettings", from, [("UpdatedUtc", false)]);
        migrationBuilder.ConvertToUtcTicks(Prefix + "DigestItems", from, [("DueUtc", false), ("CreatedUtc", false)]);
    }
}
