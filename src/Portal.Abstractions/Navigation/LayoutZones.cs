using System.Security.Claims;

namespace Portal.Navigation;

/// <summary>
/// Names of the layout zones a theme renders and modules fill (Orchard's zones). A theme renders a zone with
/// <see cref="ILayoutZones"/>; it never names the modules that fill it.
/// </summary>
public static class LayoutZones
{
    /// <summary>In the account bar, before the user menu, for signed-in people (e.g. the notification bell).</summary>
    public const string AccountBar = "AccountBar";

    /// <summary>Beside the main menu (e.g. the search box).</summary>
    public const string Header = "Header";

    /// <summary>At the end of the page, before the footer links.</summary>
    public const string Footer = "Footer";
}

/// <summary>A view component a module shows in a layout zone. Lower <paramref name="Order"/> comes first.</summary>
/// <param name="ViewComponent">The view component's name, e.g. <c>NotificationBell</c>.</param>
/// <param name="SignedInOnly">Shown to signed-in people only.</param>
public sealed record ZoneWidget(string Zone, string ViewComponent, int Order = 0, bool SignedInOnly = false);

/// <summary>A module's widgets for the layout zones. They are hidden while <see cref="FeatureId"/> is disabled.</summary>
public interface IZoneWidgetProvider
{
    string FeatureId { get; }

    IEnumerable<ZoneWidget> GetWidgets();
}

/// <summary>A link in the signed-in person's menu (My learning, My mentees, Admin). Text is localized already.</summary>
public sealed record UserMenuLink(string Text, string Url, int Order = 0);

/// <summary>A module's links for the user menu, for the person signed in. Hidden while the feature is disabled.</summary>
public interface IUserMenuProvider
{
    string FeatureId { get; }

    ValueTask<IEnumerable<UserMenuLink>> GetLinksAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);
}

/// <summary>A tile on the home page that introduces a part of the portal. Texts are localized already.</summary>
public sealed record HomeTile(string Title, string Description, string Url, int Order = 0);

/// <summary>A module's home-page tiles. Hidden while the feature is disabled.</summary>
public interface IHomeTileProvider
{
    string FeatureId { get; }

    ValueTask<IEnumerable<HomeTile>> GetTilesAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);
}

/// <summary>
/// What themes and pages ask the host for: the contents of each zone for the current request, features that are
/// switched off already left out, in order. Implemented by the host.
/// </summary>
public interface ILayoutZones
{
    Task<IReadOnlyList<ZoneWidget>> GetWidgetsAsync(string zone, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<UserMenuLink>> GetUserMenuAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<HomeTile>> GetHomeTilesAsync(CancellationToken cancellationToken = default);
}
