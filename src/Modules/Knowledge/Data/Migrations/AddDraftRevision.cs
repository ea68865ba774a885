using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;

namespace Portal.Knowledge.Data.Migrations;

/// <summary>
/// Schema version 3: a published article can hold changes saved as a draft that readers do not see yet
/// (<see cref="Models.Article.DraftRevision"/>, the number of that revision; null when there are none).
/// </summary>
internal sealed class AddDraftRevision : IModuleMigration<KnowledgeDbContext>
{
    public int Version => 3;

    public void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<int>(name: "DraftRevision", table: KnowledgeDbContext.TablePrefix + "Articles", nullable: true);
}
