namespace Portal.Notifications.Resources;

/// <summary>Marker for the module's strings: the key is the English text, NotificationsStrings.zh-HK.resx holds the Chinese.</summary>
public sealed class NotificationsStrings
{
}
