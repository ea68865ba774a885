using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;

namespace Portal.Hosting.Data.Migrations;

/// <summary>
/// Host schema version 5: the host's instants (accounts' creation and lock-out end, recipe runs, background-task runs)
/// move from the provider's own DateTimeOffset mapping (text on SQLite, <c>timestamp with time zone</c> on PostgreSQL)
/// to UTC ticks, the portal's one convention (<see cref="PortalDates"/>). Every value is kept.
/// </summary>
internal sealed class StoreDatesAsUtcTicks : IModuleMigration<HostDbContext>
{
    public int Version => 5;

    public void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.ConvertToUtcTicks("AspNetUsers", PortalDates.OldDateStorage.Native, [("CreatedUtc", false), ("LockoutEnd", true)]);
        migrationBuilder.ConvertToUtcTicks("portal_recipe_runs", PortalDates.OldDateStorage.Native, [("RanUtc", false)]);
        migrationBuilder.ConvertToUtcTicks(HostDbContext.BackgroundTaskRunsTable, PortalDates.OldDateStorage.Native, [("StartedUtc", false), ("EndedUtc", false)]);
    }
}
