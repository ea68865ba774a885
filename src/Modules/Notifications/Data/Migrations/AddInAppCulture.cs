using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;

namespace Portal.Notifications.Data.Migrations;

/// <summary>
/// Schema version 3 (issue 18, WCAG 3.1.2): <see cref="Models.InAppNotification.Culture"/>, the language an in-app
/// notification's text was written in (the recipient's language when it was published), so the list can mark it when
/// it is shown on the other language's site. Rows from before stay null: their language is not known and is not
/// claimed. Runs only on databases created before it (a fresh database gets the column from the model).
/// </summary>
internal sealed class AddInAppCulture : IModuleMigration<NotificationsDbContext>
{
    public int Version => 3;

    public void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(
            name: "Culture",
            table: NotificationsDbContext.TablePrefix + "InAppNotifications",
            maxLength: 10,
            nullable: true);
}
