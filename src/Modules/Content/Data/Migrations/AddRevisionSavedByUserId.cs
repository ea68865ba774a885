using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;

namespace Portal.Content.Data.Migrations;

/// <summary>
/// Schema version 2: each earlier version of a page records the user id of the person who saved the edit that
/// replaced it (<see cref="Models.PageRevision.SavedByUserId"/>), since a user name can change. Versions saved before
/// keep their user name in <c>SavedBy</c>; the personal-data provider and the history page fall back to it. Runs only
/// on databases created before it (a fresh database is created from the current model, which already holds the
/// column and its index).
/// </summary>
internal sealed class AddRevisionSavedByUserId : IModuleMigration<ContentDbContext>
{
    public const string Table = ContentDbContext.TablePrefix + "PageRevisions";

    public int Version => 2;

    public void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(
            name: "SavedByUserId",
            table: Table,
            maxLength: ContentDbContext.SavedByUserIdMaxLength,
            nullable: true);
        migrationBuilder.CreateIndex(
            name: ContentDbContext.SavedByUserIdIndex,
            table: Table,
            column: "SavedByUserId");
    }
}
