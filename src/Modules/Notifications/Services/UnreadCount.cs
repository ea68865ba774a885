using System.ComponentModel;

namespace Portal.Notifications.Services;

/// <summary>
/// The bell's unread count, cached per person (<see cref="Portal.Caching.PersonCache{T}"/>, channel
/// <see cref="Channel"/>): the layout asks for it on every signed-in page, so it is read from the database once per
/// person and change, not once per page.
/// <list type="bullet">
/// <item>The person reads one or all of their notifications (or their data is erased): forgotten here at once, and on
/// every other node through the channel (<c>ForgetAsync</c>; reading is rare next to looking).</item>
/// <item>A notification is published: forgotten on this node at once (<c>ForgetHereAsync</c>); another node shows it
/// when its entry expires (<see cref="Lifetime"/>). Publishing often happens inside the caller's database transaction
/// (a signal would write from a second connection while that transaction holds SQLite's write lock) and in bulk (one
/// write per recipient), so it does not signal.</item>
/// </list>
/// </summary>
[ImmutableObject(true)]
internal sealed class UnreadCount(int count)
{
    public const string Channel = "notifications.unread";

    /// <summary>The longest a count can be out of date on a node that was not told (see above).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public int Count { get; } = count;
}
