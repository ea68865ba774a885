using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Caching.Hybrid;
using Portal.Clustering;

namespace Portal.Caching;

/// <summary>
/// One small answer per person that a page asks for again and again (the bell's unread count, "is this person a
/// mentor" for the user menu), kept in <see cref="HybridCache"/> so it is read from the database once per person and
/// change, not once per page. Register it with <c>services.AddPersonCache&lt;T&gt;(channel, lifetime)</c> and take
/// <see cref="PersonCache{T}"/> in a constructor; <typeparamref name="T"/> is the module's own sealed, immutable value
/// (<c>[ImmutableObject(true)]</c>), which also tells one module's cache from another's.
/// <list type="bullet">
/// <item>Every key carries a generation number. <see cref="ForgetAsync"/> and <see cref="ForgetEveryoneAsync"/> raise
/// the cache's <see cref="IClusterSignal"/> channel, and every node (this one before the call returns) moves to the
/// next generation, so all its answers are read again: a signal carries no data, so a node cannot tell whose answer
/// changed. An answer read before the change can never be stored where the next page looks (the old keys expire
/// unread).</item>
/// <item><see cref="ForgetHereAsync"/> drops one person's answer on this node only, with no signal: for a change made
/// inside a caller's open transaction or in bulk (a signal writes from a second connection, which waits for SQLite's
/// write lock). Other nodes see that change when their answer expires.</item>
/// <item>An answer lives at most <see cref="Lifetime"/>: the bound for whatever nobody announces (a row written by hand,
/// a change another node did not signal).</item>
/// </list>
/// </summary>
public sealed class PersonCache<T> : IDisposable
    where T : class
{
    private readonly HybridCache _cache;
    private readonly IClusterSignal _signal;
    private readonly HybridCacheEntryOptions _entry;
    private readonly IDisposable _subscription;
    private long _generation;

    public PersonCache(HybridCache cache, IClusterSignal signal, PersonCacheOptions<T> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _cache = cache;
        _signal = signal;
        Channel = options.Channel;
        Lifetime = options.Lifetime;
        _entry = new HybridCacheEntryOptions { Expiration = Lifetime, LocalCacheExpiration = Lifetime };
        _subscription = signal.Subscribe(Channel, _ =>
        {
            Interlocked.Increment(ref _generation);
            return Task.CompletedTask;
        });
    }

    /// <summary>The cluster channel that moves every node's generation (also the keys' prefix).</summary>
    public string Channel { get; }

    /// <summary>The longest an answer is kept, and so the longest a change nobody announced can go unseen.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>This node's generation: moves each time the channel is raised, here or on another node.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The person's answer, from <paramref name="load"/> (given <paramref name="state"/>) when not cached.</summary>
    public ValueTask<T> GetOrCreateAsync<TState>(string personId, TState state, Func<TState, CancellationToken, ValueTask<T>> load,
        CancellationToken cancellationToken = default) =>
        _cache.GetOrCreateAsync(Key(personId), state, load, _entry, cancellationToken: cancellationToken);

    /// <summary>Drops the person's answer on this node only (see the remarks on the class for when that is enough).</summary>
    public ValueTask ForgetHereAsync(string personId, CancellationToken cancellationToken = default) =>
        _cache.RemoveAsync(Key(personId), cancellationToken);

    /// <summary>After the person's data changed (and was committed): dropped here at once and on every other node
    /// (which drop every answer they hold).</summary>
    public async Task ForgetAsync(string personId, CancellationToken cancellationToken = default)
    {
        await ForgetHereAsync(personId, cancellationToken);
        await _signal.PublishAsync(Channel, cancellationToken);
    }

    /// <summary>After a change that touches several people (and was committed): every answer dropped on every node.</summary>
    public Task ForgetEveryoneAsync(CancellationToken cancellationToken = default) => _signal.PublishAsync(Channel, cancellationToken);

    private string Key(string personId)
    {
        ArgumentException.ThrowIfNullOrEmpty(personId);
        return $"{Channel}:{Generation}:{personId}";
    }

    public void Dispose() => _subscription.Dispose();
}

/// <summary>What <c>AddPersonCache&lt;T&gt;</c> registered for a <see cref="PersonCache{T}"/>: its value type, cluster
/// channel and how long an answer lives.</summary>
public abstract class PersonCacheOptions
{
    private protected PersonCacheOptions(Type valueType, string channel, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        if (!valueType.IsSealed || valueType.GetCustomAttribute<ImmutableObjectAttribute>() is not { Immutable: true })
        {
            // HybridCache hands out the stored instance of such a type; any other is copied through a serializer on
            // every read, and a mutable one could be changed under every other reader.
            throw new ArgumentException($"{valueType.Name} must be sealed and marked [ImmutableObject(true)] to be cached per person.", nameof(valueType));
        }

        ValueType = valueType;
        Channel = channel;
        Lifetime = lifetime;
    }

    public Type ValueType { get; }

    public string Channel { get; }

    public TimeSpan Lifetime { get; }
}

/// <inheritdoc cref="PersonCacheOptions"/>
public sealed class PersonCacheOptions<T>(string channel, TimeSpan lifetime) : PersonCacheOptions(typeof(T), channel, lifetime)
    where T : class;
