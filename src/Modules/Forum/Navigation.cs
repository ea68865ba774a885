using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Portal.Forum.Resources;
using Portal.Navigation;

namespace Portal.Forum;

internal sealed class UserMenu(IStringLocalizer<ForumStrings> t) : IUserMenuProvider
{
    public string FeatureId => "Forum";

    public ValueTask<IEnumerable<UserMenuLink>> GetLinksAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IEnumerable<UserMenuLink>>(user.Identity?.IsAuthenticated == true
            ? [new(t["My community profile"], "/community/profile", 110)]
            : []);
}

internal sealed class HomeTiles(IStringLocalizer<ForumStrings> t) : IHomeTileProvider
{
    public string FeatureId => "Forum";

    public ValueTask<IEnumerable<HomeTile>> GetTilesAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IEnumerable<HomeTile>>(
        [
            new(t["Peer community"], t["Talk with people who have been there: patients and carers share what helped, under a name of their choosing."], "/community", 35),
        ]);
}

internal sealed class AdminMenu(IStringLocalizer<ForumStrings> t) : IAdminMenuProvider
{
    public string FeatureId => "Forum";

    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new(t["Peer community"], t["Communities and safety"], "/admin/forum", Permissions.ManageForum.Name, 10),
        new(t["Peer community"], t["Moderation queue"], "/community/moderation", Permissions.ModerateForum.Name, 20),
    ];
}
