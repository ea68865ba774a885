using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;

namespace Portal.Forum.Data.Migrations;

/// <summary>
/// Schema version 3 (issue 13, the impact dashboard's speed): the posts' (Status, CreatedUtc) index gains the community,
/// so a period's posts are counted by community and month from the index alone, and a new (AuthorUserId, Status,
/// CreatedUtc) index answers "did this member write a published post in the period" with one seek. Runs only on
/// databases created before it (a fresh database gets the indexes from the model).
/// </summary>
internal sealed class AddPostMetricsIndexes : IModuleMigration<ForumDbContext>
{
    public const string Table = ForumDbContext.TablePrefix + "Posts";

    public int Version => 3;

    public void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_" + Table + "_Status_CreatedUtc", Table);
        migrationBuilder.CreateIndex("IX_" + Table + "_Status_CreatedUtc_CommunityId", Table, ["Status", "CreatedUtc", "CommunityId"]);
        migrationBuilder.CreateIndex("IX_" + Table + "_AuthorUserId_Status_CreatedUtc", Table, ["AuthorUserId", "Status", "CreatedUtc"]);
    }
}
