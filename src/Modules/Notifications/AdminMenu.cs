using Microsoft.Extensions.Localization;
using Portal.Navigation;
using Portal.Notifications.Resources;

namespace Portal.Notifications;

internal sealed class AdminMenu(IStringLocalizer<NotificationsStrings> T) : IAdminMenuProvider
{
    public string FeatureId => "Notifications";

    public IEnumerable<AdminMenuItem> GetItems()
    {
        var group = T["Notifications"].Value;
        var permission = Permissions.ManageNotifications.Name;
        return
        [
            new(group, T["Outbox"].Value, "/admin/outbox", permission, 10),
            new(group, T["Email templates"].Value, "/admin/notifications/templates", permission, 20),
            new(group, T["Email server (SMTP)"].Value, "/admin/notifications/smtp", permission, 30),
        ];
    }
}
