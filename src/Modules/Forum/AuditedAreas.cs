using Microsoft.Extensions.Localization;
using Portal.Forum.Resources;
using Portal.Privacy;

namespace Portal.Forum;

/// <summary>What moderators open, for the audit trail (<see cref="IPersonalDataAccessLog"/>). Both may hold health
/// information: the review queue asks for a reason once per half hour; a standing change records the reason the
/// moderator types in its form. A member's profile page shows a moderator only what it shows any member, so a
/// visit to it is not recorded.</summary>
internal sealed class AuditedAreas(IStringLocalizer<ForumStrings> t) : IAuditedAreaProvider
{
    public const string HeldPosts = "forum.held-posts";

    public const string Profiles = "forum.profiles";

    public IEnumerable<AuditedArea> GetAreas() =>
    [
        new(HeldPosts, t["Forum posts held for review"], HealthRelated: true),
        new(Profiles, t["Forum member standing"], HealthRelated: true),
    ];
}
