using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;

namespace Portal.Forum.Data.Migrations;

/// <summary>
/// Schema version 2 (issue 18): <see cref="Models.MemberProfile.RatingsInStatistics"/>, a member's opt-in to counting
/// their treatment ratings in statistics and research reports. Existing members start with it off. Runs only on
/// databases created before it (a fresh database gets the column from the model).
/// </summary>
internal sealed class AddRatingsInStatistics : IModuleMigration<ForumDbContext>
{
    public int Version => 2;

    public void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<bool>(
            name: "RatingsInStatistics",
            table: ForumDbContext.TablePrefix + "Profiles",
            nullable: false,
            defaultValue: false);
}
