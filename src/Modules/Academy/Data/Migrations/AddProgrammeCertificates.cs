using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;

namespace Portal.Academy.Data.Migrations;

/// <summary>
/// Schema version 2: certificates not tied to a course (<see cref="Models.ProgrammeCertificate"/>), issued for other
/// modules through <c>ICertificateIssuer</c> (the mentor scheme). Runs only on databases created before it.
/// </summary>
internal sealed class AddProgrammeCertificates : IModuleMigration<AcademyDbContext>
{
    public const string Table = AcademyDbContext.TablePrefix + "ProgrammeCertificates";

    public int Version => 2;

    public void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: Table,
            columns: table => new
            {
                Code = table.Column<string>(maxLength: 16, nullable: false),
                SourceKey = table.Column<string>(maxLength: 120, nullable: false),
                UserId = table.Column<string>(maxLength: 64, nullable: false),
                HolderName = table.Column<string>(maxLength: 200, nullable: false),
                TitleZh = table.Column<string>(maxLength: 200, nullable: false),
                TitleEn = table.Column<string>(maxLength: 200, nullable: false),
                CompletedOn = table.Column<DateOnly>(nullable: false),
                IssuerZh = table.Column<string>(nullable: false),
                IssuerEn = table.Column<string>(nullable: false),
                IssuedUtc = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_" + Table, x => x.Code));
        migrationBuilder.CreateIndex("IX_" + Table + "_SourceKey", Table, "SourceKey", unique: true);
        migrationBuilder.CreateIndex("IX_" + Table + "_UserId", Table, "UserId");
    }
}
