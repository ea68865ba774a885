using Portal.Security;

namespace Portal.Forum;

internal sealed class Permissions : IPermissionProvider
{
    /// <summary>Staff: communities, the support notice and the word filter.</summary>
    public static readonly Permission ManageForum = new("ManageForum", "Add communities and set the forum's support notice and word filter");

    /// <summary>Moderators: the review queue, the authors of anonymous posts, muting and suspending members.</summary>
    public static readonly Permission ModerateForum = new("ModerateForum", "Moderate the peer forum: review held and flagged posts, see who wrote anonymous posts, mute or suspend members");

    /// <summary>Trusted members: their posts are never held, and their flags count towards hiding a post.</summary>
    public static readonly Permission TrustedForumMember = new("TrustedForumMember", "Trusted forum member: posts are not held for review, and flags count towards hiding a post");

    public const string ManageForumPolicy = Permission.PolicyPrefix + "ManageForum";
    public const string ModerateForumPolicy = Permission.PolicyPrefix + "ModerateForum";

    public IEnumerable<Permission> GetPermissions() => [ManageForum, ModerateForum, TrustedForumMember];

    public Type DescriptionResource => typeof(Resources.ForumStrings);

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(PortalRoles.Administrator, [ManageForum, ModerateForum, TrustedForumMember]),
        new(PortalRoles.Staff, [ManageForum, ModerateForum, TrustedForumMember]),
        new(PortalRoles.GroupLeader, [TrustedForumMember]),
    ];
}
