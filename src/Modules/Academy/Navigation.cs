using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Portal.Academy.Resources;
using Portal.Navigation;

namespace Portal.Academy;

/// <summary>The academy's tile on the home page.</summary>
internal sealed class HomeTiles(IStringLocalizer<AcademyStrings> t) : IHomeTileProvider
{
    public string FeatureId => "Academy";

    public ValueTask<IEnumerable<HomeTile>> GetTilesAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IEnumerable<HomeTile>>(
        [
            new(t["Training academy"], t["Online courses for leaders, successors and managers of self-help groups, with certificates."], "/academy", 20),
        ]);
}

/// <summary>"My learning" in the signed-in person's menu.</summary>
internal sealed class UserMenu(IStringLocalizer<AcademyStrings> t) : IUserMenuProvider
{
    public string FeatureId => "Academy";

    public ValueTask<IEnumerable<UserMenuLink>> GetLinksAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IEnumerable<UserMenuLink>>(
            user.Identity?.IsAuthenticated == true ? [new(t["My learning"], "/academy/my", 100)] : []);
}
