using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Hosting.Shell;
using Portal.Modules;
using Portal.Navigation;

namespace Portal.Host.Tests;

/// <summary>The host's layout zones: features switched off are left out, items come in order, a failing provider does not break the page.</summary>
public sealed class LayoutZoneServiceTests
{
    private sealed class Features(params string[] off) : IFeatureChecker
    {
        public bool IsEnabled(string featureId) => !off.Contains(featureId);
    }

    private sealed class Widgets(string featureId, params ZoneWidget[] widgets) : IZoneWidgetProvider
    {
        public string FeatureId => featureId;

        public IEnumerable<ZoneWidget> GetWidgets() => widgets;
    }

    private sealed class Links(string featureId, params UserMenuLink[] links) : IUserMenuProvider
    {
        public string FeatureId => featureId;

        public ValueTask<IEnumerable<UserMenuLink>> GetLinksAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IEnumerable<UserMenuLink>>(links);
    }

    private sealed class Tiles(string featureId, params HomeTile[] tiles) : IHomeTileProvider
    {
        public string FeatureId => featureId;

        public ValueTask<IEnumerable<HomeTile>> GetTilesAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IEnumerable<HomeTile>>(tiles);
    }

    private sealed class BrokenTiles : IHomeTileProvider
    {
        public string FeatureId => "Broken";

        public ValueTask<IEnumerable<HomeTile>> GetTilesAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The database is away.");
    }

    private static LayoutZoneService Zones(bool signedIn, IFeatureChecker features, IEnumerable<IZoneWidgetProvider>? widgets = null,
        IEnumerable<IUserMenuProvider>? links = null, IEnumerable<IHomeTileProvider>? tiles = null)
    {
        var http = new DefaultHttpContext
        {
            User = signedIn ? new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "amy")], "test")) : new ClaimsPrincipal(new ClaimsIdentity()),
        };
        return new LayoutZoneService(new HttpContextAccessor { HttpContext = http }, features, widgets ?? [], links ?? [], tiles ?? [], NullLogger<LayoutZoneService>.Instance);
    }

    [Fact]
    public async Task Widgets_of_a_zone_come_in_order_without_switched_off_features_or_signed_in_only_ones_for_visitors()
    {
        IZoneWidgetProvider[] widgets =
        [
            new Widgets("A", new ZoneWidget(LayoutZones.Header, "Second", 20), new ZoneWidget(LayoutZones.Footer, "Elsewhere")),
            new Widgets("B", new ZoneWidget(LayoutZones.Header, "First", 10), new ZoneWidget(LayoutZones.Header, "Members", 5, SignedInOnly: true)),
            new Widgets("Off", new ZoneWidget(LayoutZones.Header, "Hidden", 1)),
        ];

        var visitor = await Zones(signedIn: false, new Features("Off"), widgets).GetWidgetsAsync(LayoutZones.Header);
        Assert.Equal(["First", "Second"], visitor.Select(w => w.ViewComponent));

        var member = await Zones(signedIn: true, new Features("Off"), widgets).GetWidgetsAsync(LayoutZones.Header);
        Assert.Equal(["Members", "First", "Second"], member.Select(w => w.ViewComponent));
    }

    [Fact]
    public async Task The_user_menu_is_empty_for_visitors_and_ordered_for_signed_in_people()
    {
        IUserMenuProvider[] links = [new Links("A", new UserMenuLink("Admin", "/admin", 1000)), new Links("B", new UserMenuLink("My learning", "/academy/my", 100)), new Links("Off", new UserMenuLink("Gone", "/gone"))];

        Assert.Empty(await Zones(signedIn: false, new Features("Off"), links: links).GetUserMenuAsync());
        var menu = await Zones(signedIn: true, new Features("Off"), links: links).GetUserMenuAsync();
        Assert.Equal(["/academy/my", "/admin"], menu.Select(l => l.Url));
    }

    [Fact]
    public async Task Home_tiles_leave_out_switched_off_and_failing_providers()
    {
        IHomeTileProvider[] tiles =
        [
            new Tiles("Academy", new HomeTile("Training academy", "Courses", "/academy", 20)),
            new BrokenTiles(),
            new Tiles("Knowledge", new HomeTile("Knowledge base", "Know-how", "/kb", 10)),
            new Tiles("Forum", new HomeTile("Community", "Talk", "/community", 30)),
        ];

        var shown = await Zones(signedIn: false, new Features("Forum"), tiles: tiles).GetHomeTilesAsync();
        Assert.Equal(["/kb", "/academy"], shown.Select(t => t.Url));
    }
}
