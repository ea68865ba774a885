using Portal.Security;

namespace Portal.Notifications;

public sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ManageNotifications = new("ManageNotifications", "Configure e-mail, see the outbox and edit notification templates");

    public const string ManageNotificationsPolicy = Permission.PolicyPrefix + "ManageNotifications";

    public IEnumerable<Permission> GetPermissions() => [ManageNotifications];

    public Type DescriptionResource => typeof(Portal.Notifications.Resources.NotificationsStrings);

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(PortalRoles.Administrator, [ManageNotifications]),
        new(PortalRoles.Staff, [ManageNotifications]),
    ];
}
