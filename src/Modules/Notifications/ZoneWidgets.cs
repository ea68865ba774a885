using Portal.Navigation;

namespace Portal.Notifications;

/// <summary>The bell in the account bar (signed-in people only); it links to <c>/notifications</c>.</summary>
internal sealed class ZoneWidgets : IZoneWidgetProvider
{
    public string FeatureId => "Notifications";

    public IEnumerable<ZoneWidget> GetWidgets() =>
        [new(LayoutZones.AccountBar, "NotificationBell", Order: 10, SignedInOnly: true)];
}
