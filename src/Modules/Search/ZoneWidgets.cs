using Portal.Navigation;

namespace Portal.Search;

/// <summary>The search box beside the main menu, on every public page.</summary>
internal sealed class ZoneWidgets : IZoneWidgetProvider
{
    public string FeatureId => "Search";

    public IEnumerable<ZoneWidget> GetWidgets() => [new(LayoutZones.Header, "SearchBox", Order: 10)];
}
