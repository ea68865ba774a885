using Microsoft.EntityFrameworkCore;
using Portal.Matching.Data;
using Portal.Matching.Models;

namespace Portal.Matching.Services;

public sealed record PartnerSnapshot(long Count, long MaxId, long MaxUpdatedTicks, IReadOnlyList<PartnerProfile> Profiles);

/// <summary>
/// Available partners' matching profiles, kept in memory so scoring a need against thousands of partners needs no
/// row-by-row load. Every read first asks the database for a small stamp (count, highest id, latest change); when
/// it moved (a partner registered, changed or was erased, on this node or another) the profiles are loaded again.
/// So the snapshot is never stale across nodes, with no cluster signal to miss.
/// </summary>
public sealed class PartnerDirectory(MatchingDbContext db, PartnerSnapshotCache cache)
{
    public async Task<PartnerSnapshot> GetAsync(CancellationToken ct)
    {
        var stamp = await StampAsync(db, ct);
        var current = cache.Snapshot;
        if (current is not null && current.Count == stamp.Count && current.MaxId == stamp.MaxId && current.MaxUpdatedTicks == stamp.MaxUpdatedTicks)
        {
            return current;
        }

        await cache.Gate.WaitAsync(ct);
        try
        {
            current = cache.Snapshot;
            if (current is not null && current.Count == stamp.Count && current.MaxId == stamp.MaxId && current.MaxUpdatedTicks == stamp.MaxUpdatedTicks)
            {
                return current;
            }

            var rows = await db.Partners.AsNoTracking().Where(p => p.Available)
                .Select(p => new { p.Id, p.Type, p.Skills, p.Districts, p.Languages, p.Causes, p.HoursPerMonth, p.OnSite, p.Remote })
                .ToListAsync(ct);
            var profiles = rows.Select(p => new PartnerProfile(p.Id, p.Type,
                Set(p.Skills), Set(p.Districts), Set(p.Languages), Set(p.Causes), p.HoursPerMonth, p.OnSite, p.Remote)).ToList();
            var fresh = new PartnerSnapshot(stamp.Count, stamp.MaxId, stamp.MaxUpdatedTicks, profiles);
            cache.Snapshot = fresh;
            return fresh;
        }
        finally
        {
            cache.Gate.Release();
        }
    }

    /// <summary>This node changed a partner: the next read loads again (the stamp would tell it too).</summary>
    public void Invalidate() => cache.Snapshot = null;

    private static async Task<(long Count, long MaxId, long MaxUpdatedTicks)> StampAsync(MatchingDbContext db, CancellationToken ct)
    {
        var stamp = await db.Partners.AsNoTracking().GroupBy(_ => 1)
            .Select(g => new { Count = g.LongCount(), MaxId = g.Max(p => p.Id), MaxUpdated = g.Max(p => p.UpdatedUtc) })
            .FirstOrDefaultAsync(ct);
        return stamp is null ? (0, 0, 0) : (stamp.Count, stamp.MaxId, stamp.MaxUpdated.UtcTicks);
    }

    private static HashSet<string> Set(string stored) => [.. Vocabulary.Split(stored)];
}

/// <summary>The node's one copy of the partner snapshot (see <see cref="PartnerDirectory"/>).</summary>
public sealed class PartnerSnapshotCache : IDisposable
{
    private volatile PartnerSnapshot? _snapshot;

    internal SemaphoreSlim Gate { get; } = new(1, 1);

    internal PartnerSnapshot? Snapshot
    {
        get => _snapshot;
        set => _snapshot = value;
    }

    public void Dispose() => Gate.Dispose();
}
