using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Portal.Clustering;
using Portal.Mentoring.Data;

namespace Portal.Mentoring.Services;

/// <summary>
/// Whether a person mentors at least one pair (the "My mentees" link in the user menu, on every signed-in page), per
/// person in <see cref="HybridCache"/>. A pair is proposed, re-paired or a mentor erased: forgotten on this node at
/// once and on every other node through <see cref="IClusterSignal"/> channel <see cref="Channel"/> (each node drops
/// every person's answer by moving to new keys: a signal carries no data, and pairs change rarely). An answer lives at most
/// <see cref="Lifetime"/> (what no call announces, e.g. a pair written by hand in the database).
/// </summary>
public sealed class MentorCheckCache : IDisposable
{
    public const string Channel = "mentoring.mentors";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private static readonly HybridCacheEntryOptions Entry = new() { Expiration = Lifetime, LocalCacheExpiration = Lifetime };

    private readonly HybridCache _cache;
    private readonly IClusterSignal _signal;
    private readonly IDisposable _subscription;

    // Part of every key: a signal moves to new keys, so an answer read before the change can never be stored where
    // the next page looks (the old entries expire unread).
    private long _generation;

    public MentorCheckCache(HybridCache cache, IClusterSignal signal)
    {
        _cache = cache;
        _signal = signal;
        _subscription = signal.Subscribe(Channel, _ =>
        {
            Interlocked.Increment(ref _generation);
            return Task.CompletedTask;
        });
    }

    /// <summary>Mentors with at least one pair, read with <paramref name="db"/> when not cached.</summary>
    public async Task<bool> IsMentorAsync(MentoringDbContext db, string userId, CancellationToken cancellationToken) =>
        await _cache.GetOrCreateAsync($"mentoring:is-mentor:{Interlocked.Read(ref _generation)}:{userId}", (db, userId), static async (state, ct) =>
            await state.db.Pairs.AsNoTracking().AnyAsync(p => p.MentorUserId == state.userId, ct), Entry, cancellationToken: cancellationToken);

    /// <summary>After pairs were written (and committed): forgotten here and on every other node.</summary>
    public Task PairsChangedAsync(CancellationToken cancellationToken) => _signal.PublishAsync(Channel, cancellationToken);

    public void Dispose() => _subscription.Dispose();
}
