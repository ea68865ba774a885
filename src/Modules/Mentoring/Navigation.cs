using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Portal.Mentoring.Resources;
using Portal.Mentoring.Services;
using Portal.Navigation;

namespace Portal.Mentoring;

/// <summary>"My mentees" for mentors with pairs, "My mentoring" for everyone signed in.</summary>
internal sealed class UserMenu(IStringLocalizer<MentoringStrings> t, MentoringAccess access) : IUserMenuProvider
{
    public string FeatureId => "Mentoring";

    public async ValueTask<IEnumerable<UserMenuLink>> GetLinksAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrEmpty(userId))
        {
            return [];
        }

        var links = new List<UserMenuLink> { new(t["My mentoring"], "/mentoring", 40) };
        if (await access.IsMentorAsync(userId, cancellationToken))
        {
            links.Add(new UserMenuLink(t["My mentees"], "/mentoring/mentees", 41));
        }

        return links;
    }
}

internal sealed class HomeTiles(IStringLocalizer<MentoringStrings> t) : IHomeTileProvider
{
    public string FeatureId => "Mentoring";

    public ValueTask<IEnumerable<HomeTile>> GetTilesAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IEnumerable<HomeTile>>(
        [
            new(t["Mentor scheme"], t["Experienced group leaders walk beside new leaders and successors. Apply as a mentor or a mentee."], "/mentoring", 40),
        ]);
}
