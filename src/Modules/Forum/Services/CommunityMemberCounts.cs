using System.Collections.Frozen;
using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Portal.Clustering;
using Portal.Forum.Data;

namespace Portal.Forum.Services;

/// <summary>
/// How many members each community has (the forum's front page shows it on every card), counted once per change, not
/// once per page: at the benchmark's scale (24,000 memberships) counting took a quarter of the page's time. Kept in
/// <see cref="HybridCache"/> under a generation that moves on every node when a membership changes (channel
/// <see cref="Channel"/>: joining, leaving, erasure, the forum recipe step); at most <see cref="Lifetime"/> old for a
/// change nobody announced.
/// </summary>
public sealed class CommunityMemberCounts : IDisposable
{
    public const string Channel = "forum.member-counts";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private static readonly HybridCacheEntryOptions Entry = new() { Expiration = Lifetime, LocalCacheExpiration = Lifetime };

    private readonly HybridCache _cache;
    private readonly IClusterSignal _signal;
    private readonly IDisposable _subscription;
    private long _generation;

    public CommunityMemberCounts(HybridCache cache, IClusterSignal signal)
    {
        _cache = cache;
        _signal = signal;
        _subscription = signal.Subscribe(Channel, _ =>
        {
            Interlocked.Increment(ref _generation);
            return Task.CompletedTask;
        });
    }

    /// <summary>Members per community id (a community nobody joined is missing).</summary>
    public async Task<IReadOnlyDictionary<long, int>> GetAsync(ForumDbContext db, CancellationToken ct) =>
        (await _cache.GetOrCreateAsync($"{Channel}:{Interlocked.Read(ref _generation)}", db, static async (db, ct) =>
            new Counts((await db.Memberships.AsNoTracking().GroupBy(m => m.CommunityId).Select(g => new { g.Key, Count = g.Count() })
                .ToListAsync(ct)).ToFrozenDictionary(g => g.Key, g => g.Count)), Entry, cancellationToken: ct)).ByCommunity;

    /// <summary>After memberships changed (and were committed): counted again here at once and on every node.</summary>
    public Task ChangedAsync(CancellationToken ct) => _signal.PublishAsync(Channel, ct);

    public void Dispose() => _subscription.Dispose();

    [ImmutableObject(true)]
    private sealed class Counts(FrozenDictionary<long, int> byCommunity)
    {
        public FrozenDictionary<long, int> ByCommunity { get; } = byCommunity;
    }
}
