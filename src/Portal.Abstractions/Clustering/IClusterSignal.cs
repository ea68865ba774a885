namespace Portal.Clustering;

/// <summary>
/// A nudge to every node of the site (all nodes share one database): "something on channel X changed, look again".
/// The host raises a channel on this node at once and on the other nodes within about a second (PostgreSQL
/// <c>LISTEN/NOTIFY</c>; on SQLite a version row the nodes poll). A signal carries no data and may arrive twice or,
/// after a lost connection, unasked: handlers only reload or wake something. Used for the feature and site-settings
/// caches (<c>portal.features</c>, <c>portal.settings</c>); a module may use it, e.g. to wake its background task on
/// every node.
/// </summary>
public interface IClusterSignal
{
    /// <summary>Raises <paramref name="channel"/> (letters, digits, <c>.</c>, <c>-</c>, <c>_</c>, <c>:</c>; at most
    /// 100 characters) on every node. This node's handlers have run when the task completes.</summary>
    Task PublishAsync(string channel, CancellationToken cancellationToken = default);

    /// <summary>Calls <paramref name="handler"/> each time <paramref name="channel"/> is raised on any node. Dispose the
    /// result to stop.</summary>
    IDisposable Subscribe(string channel, Func<CancellationToken, Task> handler);
}
