using System.Collections.Frozen;
using System.ComponentModel;

namespace Portal.Forum.Services;

/// <summary>
/// The communities a person belongs to and whether they have a forum profile, cached per person
/// (<see cref="Portal.Caching.PersonCache{T}"/>, channel <see cref="Channel"/>): every forum page asks who the viewer is
/// (what they may read), so it is read from the database once per person and change, not once per page.
/// <list type="bullet">
/// <item>Joining or leaving a community, making a profile or erasing one's data: forgotten here at once and on every
/// other node through the channel, after the change is committed.</item>
/// <item>A recipe run on a live site (another process) is seen when the entry expires (<see cref="Lifetime"/>).</item>
/// </list>
/// </summary>
[ImmutableObject(true)]
public sealed class ForumMemberships(FrozenSet<long> communities, bool hasProfile)
{
    public const string Channel = "forum.memberships";

    /// <summary>The longest a change nobody announced can go unseen.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static ForumMemberships None { get; } = new(FrozenSet<long>.Empty, false);

    public FrozenSet<long> Communities { get; } = communities;

    public bool HasProfile { get; } = hasProfile;
}
