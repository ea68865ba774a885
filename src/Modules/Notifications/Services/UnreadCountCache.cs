using Microsoft.Extensions.Caching.Hybrid;
using Portal.Clustering;

namespace Portal.Notifications.Services;

/// <summary>
/// The bell's unread count per person, in <see cref="HybridCache"/>: the layout asks for it on every signed-in page,
/// so it is read from the database once per person and change, not once per page.
/// <list type="bullet">
/// <item>The person reads one or all of their notifications (or their data is erased): removed here at once, and on
/// every other node through <see cref="IClusterSignal"/> channel <see cref="Channel"/> (every node drops all its
/// counts by moving to new keys: a signal carries no data, and reading is rare next to looking).</item>
/// <item>A notification is published: removed on this node at once; another node shows it when its entry expires
/// (<see cref="Lifetime"/>). Publishing often happens inside the caller's database transaction (a signal would write
/// from a second connection while that transaction holds SQLite's write lock) and in bulk (one write per recipient),
/// so it does not signal.</item>
/// </list>
/// </summary>
public sealed class UnreadCountCache : IDisposable
{
    public const string Channel = "notifications.unread";

    /// <summary>The longest a count can be out of date on a node that was not told (see above).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private static readonly HybridCacheEntryOptions Entry = new() { Expiration = Lifetime, LocalCacheExpiration = Lifetime };

    private readonly HybridCache _cache;
    private readonly IClusterSignal _signal;
    private readonly IDisposable _subscription;

    // Part of every key: a signal moves to new keys, so a count read before the change can never be stored where the
    // next page looks (the old entries expire unread).
    private long _generation;

    public UnreadCountCache(HybridCache cache, IClusterSignal signal)
    {
        _cache = cache;
        _signal = signal;
        _subscription = signal.Subscribe(Channel, _ =>
        {
            Interlocked.Increment(ref _generation);
            return Task.CompletedTask;
        });
    }

    /// <summary>The person's count, from <paramref name="count"/> when it is not cached.</summary>
    internal async Task<int> GetAsync(string userId, Func<CancellationToken, Task<int>> count, CancellationToken cancellationToken) =>
        await _cache.GetOrCreateAsync(Key(userId), count, static async (count, ct) => await count(ct), Entry, cancellationToken: cancellationToken);

    /// <summary>A notification for the person was written: forgotten on this node.</summary>
    internal Task AddedAsync(string userId, CancellationToken cancellationToken) => _cache.RemoveAsync(Key(userId), cancellationToken).AsTask();

    /// <summary>The person read (or lost) notifications: forgotten here and on every other node.</summary>
    internal async Task ReadAsync(string userId, CancellationToken cancellationToken)
    {
        await _cache.RemoveAsync(Key(userId), cancellationToken);
        await _signal.PublishAsync(Channel, cancellationToken);
    }

    private string Key(string userId) => $"notifications:unread:{Interlocked.Read(ref _generation)}:{userId}";

    public void Dispose() => _subscription.Dispose();
}
