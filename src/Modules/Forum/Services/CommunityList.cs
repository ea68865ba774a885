using Microsoft.EntityFrameworkCore;
using Portal.Clustering;
using Portal.Forum.Data;
using Portal.Forum.Models;

namespace Portal.Forum.Services;

/// <summary>
/// The communities in their order (the forum's front page and the moderators' pages list them all on every request),
/// read once per change, not once per page. Kept in this process (the list is small and its entities are only read)
/// under a generation that moves on every node when a community is added or described again (channel
/// <see cref="Channel"/>: <see cref="ForumService.AddCommunityAsync"/>, the forum recipe step); at most
/// <see cref="Lifetime"/> old for a change nobody announced.
/// </summary>
public sealed class CommunityList : IDisposable
{
    public const string Channel = "forum.communities";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly IClusterSignal _signal;
    private readonly TimeProvider _clock;
    private readonly IDisposable _subscription;
    private long _generation;
    private Snapshot? _snapshot;

    public CommunityList(IClusterSignal signal, TimeProvider clock)
    {
        _signal = signal;
        _clock = clock;
        _subscription = signal.Subscribe(Channel, _ =>
        {
            Interlocked.Increment(ref _generation);
            return Task.CompletedTask;
        });
    }

    public async Task<IReadOnlyList<Community>> GetAsync(ForumDbContext db, CancellationToken ct)
    {
        // The generation is read before the query: a change announced while it runs leaves this list stale for the
        // next request, which reads again.
        var generation = Interlocked.Read(ref _generation);
        var now = _clock.GetUtcNow();
        if (Volatile.Read(ref _snapshot) is { } snapshot && snapshot.Generation == generation && now - snapshot.Read < Lifetime)
        {
            return snapshot.Communities;
        }

        var communities = await db.Communities.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
        Volatile.Write(ref _snapshot, new Snapshot(generation, now, communities.AsReadOnly()));
        return communities.AsReadOnly();
    }

    /// <summary>After communities changed (and were committed): read again here at once and on every node.</summary>
    public Task ChangedAsync(CancellationToken ct) => _signal.PublishAsync(Channel, ct);

    public void Dispose() => _subscription.Dispose();

    private sealed record Snapshot(long Generation, DateTimeOffset Read, IReadOnlyList<Community> Communities);
}
