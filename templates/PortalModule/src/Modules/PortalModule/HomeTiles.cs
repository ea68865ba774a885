using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Portal.Navigation;
using Portal.PortalModule.Resources;

namespace Portal.PortalModule;

/// <summary>The module's tile on the home page (the host leaves it out while the feature is off).</summary>
internal sealed class HomeTiles(IStringLocalizer<PortalModuleStrings> T) : IHomeTileProvider
{
    public string FeatureId => "PortalModule";

    public ValueTask<IEnumerable<HomeTile>> GetTilesAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IEnumerable<HomeTile>>(
        [
            new(T["PortalModule"], T["What this module lets people do."], "/portalmodule", 100),
        ]);
}
