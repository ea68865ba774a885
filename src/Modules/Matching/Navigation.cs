using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Portal.Matching.Resources;
using Portal.Navigation;

namespace Portal.Matching;

/// <summary>"Partner matching" for everyone signed in.</summary>
internal sealed class UserMenu(IStringLocalizer<MatchingStrings> t) : IUserMenuProvider
{
    public string FeatureId => "Matching";

    public ValueTask<IEnumerable<UserMenuLink>> GetLinksAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IEnumerable<UserMenuLink>>(string.IsNullOrEmpty(user.FindFirstValue(ClaimTypes.NameIdentifier))
            ? []
            : [new(t["My partner matching"], "/partners", 45)]);
}

internal sealed class HomeTiles(IStringLocalizer<MatchingStrings> t) : IHomeTileProvider
{
    public string FeatureId => "Matching";

    public ValueTask<IEnumerable<HomeTile>> GetTilesAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IEnumerable<HomeTile>>(
        [
            new(t["Partner matching"], t["Self-help groups meet professionals, companies and community groups who offer skills, time and places."], "/partners", 45),
        ]);
}
