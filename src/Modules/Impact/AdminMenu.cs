using Microsoft.Extensions.Localization;
using Portal.Impact.Resources;
using Portal.Navigation;

namespace Portal.Impact;

internal sealed class AdminMenu(IStringLocalizer<ImpactStrings> t) : IAdminMenuProvider
{
    public string FeatureId => "Impact";

    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new(t["Impact"], t["Impact dashboard"], "/admin/impact", Permissions.ViewImpact.Name, 10),
        new(t["Impact"], t["Targets"], "/admin/impact/targets", Permissions.ManageImpactTargets.Name, 20),
    ];
}

/// <summary>A home-page tile for the public "our impact" page.</summary>
internal sealed class HomeTiles(IStringLocalizer<ImpactStrings> t) : IHomeTileProvider
{
    public string FeatureId => "Impact";

    public ValueTask<IEnumerable<HomeTile>> GetTilesAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IEnumerable<HomeTile>>([new(t["Our impact"], t["What the centre and its groups achieved in the last twelve months."], "/impact", 80)]);
}
