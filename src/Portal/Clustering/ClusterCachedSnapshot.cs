using System.Data.Common;
using Microsoft.Extensions.Caching.Hybrid;
using Portal.Clustering;

namespace Portal.Hosting.Clustering;

/// <summary>
/// The host's caching convention for small, site-wide state read on every request (feature states, site settings):
/// the value lives in <see cref="HybridCache"/> under one key and is loaded asynchronously from the database when the
/// entry is missing or expired; a change removes the entry on this node at once and, through
/// <see cref="IClusterSignal"/>, on every other node within about a second, and reloads it there. Synchronous readers
/// (<see cref="Current"/>) get the last value loaded: a failed load never replaces it (a database error must not flip
/// a feature back to its default), it only marks the snapshot unhealthy for the readiness check.
/// </summary>
public sealed class ClusterCachedSnapshot<T> : IDisposable
    where T : class
{
    private static readonly TimeSpan RetryBlockingLoadAfter = TimeSpan.FromSeconds(5);

    private readonly HybridCache _cache;
    private readonly IClusterSignal _signal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _key;
    private readonly string _channel;
    private readonly Func<CancellationToken, Task<T>> _load;
    private readonly HybridCacheEntryOptions _entry;
    private readonly IDisposable _subscription;
    private volatile T? _current;
    private DateTimeOffset _loadedAt;
    private DateTimeOffset _lastBlockingAttempt = DateTimeOffset.MinValue;
    private int _refreshing;

    public ClusterCachedSnapshot(HybridCache cache, IClusterSignal signal, TimeProvider time, ILogger logger,
        string key, string channel, TimeSpan lifetime, Func<CancellationToken, Task<T>> load)
    {
        _cache = cache;
        _signal = signal;
        _time = time;
        _logger = logger;
        _key = key;
        _channel = channel;
        _load = load;
        _entry = new HybridCacheEntryOptions { Expiration = lifetime, LocalCacheExpiration = lifetime };
        _subscription = signal.Subscribe(channel, ReloadAsync);
    }

    /// <summary>The last value loaded, or null before the first successful load.</summary>
    public T? Current
    {
        get
        {
            var current = _current;
            if (current is not null && _time.GetUtcNow() - _loadedAt > _entry.Expiration)
            {
                RefreshInBackground();
            }

            return current;
        }
    }

    /// <summary>False when the last load failed or nothing was ever loaded (readiness fails).</summary>
    public bool Healthy { get; private set; }

    /// <summary>The current value, loading it (once, blocking) if none was ever loaded. Blocking happens only before
    /// the first load (start-up normally does it asynchronously) and at most every few seconds while it fails.</summary>
    public T? CurrentOrLoad()
    {
        var current = Current;
        if (current is not null)
        {
            return current;
        }

        var now = _time.GetUtcNow();
        if (now - _lastBlockingAttempt < RetryBlockingLoadAfter)
        {
            return null;
        }

        _lastBlockingAttempt = now;
        return Task.Run(() => RefreshAsync(CancellationToken.None)).GetAwaiter().GetResult();
    }

    /// <summary>Reads the value through the cache (from the database when the entry is missing or expired).</summary>
    public async Task<T?> RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var value = await _cache.GetOrCreateAsync(_key, _load, static (load, ct) => new ValueTask<T>(load(ct)), _entry, cancellationToken: cancellationToken);
            if (!ReferenceEquals(value, _current))
            {
                _current = value;
                _loadedAt = _time.GetUtcNow();
            }
            else if (_time.GetUtcNow() - _loadedAt > _entry.Expiration)
            {
                _loadedAt = _time.GetUtcNow();
            }

            Healthy = true;
            return value;
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            Healthy = false;
            _logger.LogWarning(ex, "Could not load {Key}; keeping the last known value.", _key);
            return _current;
        }
    }

    /// <summary>After a change on this node: reload here and tell the other nodes.</summary>
    public Task PublishChangeAsync(CancellationToken cancellationToken) => _signal.PublishAsync(_channel, cancellationToken);

    /// <summary>Forgets the cached entry and loads it again (a change on this or another node).</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _cache.RemoveAsync(_key, cancellationToken);
        await RefreshAsync(cancellationToken);
    }

    private void RefreshInBackground()
    {
        if (Interlocked.Exchange(ref _refreshing, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RefreshAsync(CancellationToken.None);
            }
            finally
            {
                Interlocked.Exchange(ref _refreshing, 0);
            }
        });
    }

    public void Dispose() => _subscription.Dispose();
}
