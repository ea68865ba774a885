using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;
using Portal.Hosting.Modules;
using Portal.Hosting.Security;
using Portal.Modules;
using Portal.Navigation;
using Portal.Resources;
using Portal.Security;
using Portal.Themes;

namespace Portal.Hosting.Shell;

/// <summary>
/// The host's <see cref="ILayoutZones"/>: what modules put in the layout's zones, the user menu and the home page
/// for the current request. Providers of disabled features are left out; items come in their order (then by text,
/// so equal orders are stable). A provider that fails is logged and left out: one module's fault does not take down
/// every page.
/// </summary>
internal sealed class LayoutZoneService(
    IHttpContextAccessor accessor,
    IFeatureChecker features,
    IEnumerable<IZoneWidgetProvider> widgetProviders,
    IEnumerable<IUserMenuProvider> userMenuProviders,
    IEnumerable<IHomeTileProvider> homeTileProviders,
    ILogger<LayoutZoneService> logger) : ILayoutZones
{
    private IReadOnlyList<ZoneWidget>? _widgets;
    private IReadOnlyList<UserMenuLink>? _userMenu;

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("No current request.");

    private bool SignedIn => Http.User.Identity?.IsAuthenticated == true;

    public Task<IReadOnlyList<ZoneWidget>> GetWidgetsAsync(string zone, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(zone);
        _widgets ??= LoadWidgets();
        var signedIn = SignedIn;
        IReadOnlyList<ZoneWidget> inZone = [.. _widgets.Where(w => string.Equals(w.Zone, zone, StringComparison.Ordinal) && (signedIn || !w.SignedInOnly))];
        return Task.FromResult(inZone);
    }

    public async Task<IReadOnlyList<UserMenuLink>> GetUserMenuAsync(CancellationToken cancellationToken = default)
    {
        if (_userMenu is not null)
        {
            return _userMenu;
        }

        if (!SignedIn)
        {
            return _userMenu = [];
        }

        var links = new List<UserMenuLink>();
        foreach (var provider in userMenuProviders.Where(p => features.IsEnabled(p.FeatureId)))
        {
            try
            {
                links.AddRange(await provider.GetLinksAsync(Http.User, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The user menu provider {Provider} failed; its links are left out.", provider.GetType().FullName);
            }
        }

        return _userMenu = [.. links.OrderBy(l => l.Order).ThenBy(l => l.Text, StringComparer.CurrentCulture)];
    }

    public async Task<IReadOnlyList<HomeTile>> GetHomeTilesAsync(CancellationToken cancellationToken = default)
    {
        var tiles = new List<HomeTile>();
        foreach (var provider in homeTileProviders.Where(p => features.IsEnabled(p.FeatureId)))
        {
            try
            {
                tiles.AddRange(await provider.GetTilesAsync(Http.User, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The home tile provider {Provider} failed; its tiles are left out.", provider.GetType().FullName);
            }
        }

        return [.. tiles.OrderBy(t => t.Order).ThenBy(t => t.Title, StringComparer.CurrentCulture)];
    }

    private List<ZoneWidget> LoadWidgets()
    {
        var widgets = new List<ZoneWidget>();
        foreach (var provider in widgetProviders.Where(p => features.IsEnabled(p.FeatureId)))
        {
            try
            {
                widgets.AddRange(provider.GetWidgets());
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The zone widget provider {Provider} failed; its widgets are left out.", provider.GetType().FullName);
            }
        }

        return [.. widgets.OrderBy(w => w.Order).ThenBy(w => w.ViewComponent, StringComparer.Ordinal)];
    }
}

/// <summary>
/// The host's link in the user menu: "Admin", for people who may open the admin area and see at least one item in it.
/// ("My account" and "Sign out" are the layout's own links.)
/// </summary>
internal sealed class HostUserMenu(IShellContext shell, IAuthorizationService authorization, IStringLocalizer<HostStrings> T) : IUserMenuProvider
{
    public string FeatureId => HostFeature.Id;

    public async ValueTask<IEnumerable<UserMenuLink>> GetLinksAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (!(await authorization.AuthorizeAsync(user, null, new PermissionRequirement(HostPermissions.AccessAdmin.Name))).Succeeded
            || (await shell.GetAdminMenuAsync(cancellationToken)).Count == 0)
        {
            return [];
        }

        return [new UserMenuLink(T["Admin"], "/admin", 1000)];
    }
}
