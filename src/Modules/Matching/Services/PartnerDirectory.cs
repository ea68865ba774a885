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
public sealed class PartnerDirectory(IDbContextFactory<MatchingDbContext> factory) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile PartnerSnapshot? _snapshot;

    public async Task<PartnerSnapshot> GetAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var stamp = await StampAsync(db, ct);
        var current = _snapshot;
        if (current is not null && current.Count == stamp.Count && current.MaxId == stamp.MaxId && current.MaxUpdatedTicks == stamp.MaxUpdatedTicks)
        {
            return current;
        }

        await _gate.WaitAsync(ct);
        try
        {
            current = _snapshot;
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
            _snapshot = fresh;
            return fresh;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>This node changed a partner: the next read loads again (the stamp would tell it too).</summary>
    public void Invalidate() => _snapshot = null;

    private static async Task<(long Count, long MaxId, long MaxUpdatedTicks)> StampAsync(MatchingDbContext db, CancellationToken ct)
    {
        var stamp = await db.Partners.AsNoTracking().GroupBy(_ => 1)
            .Select(g => new { Count = g.LongCount(), MaxId = g.Max(p => p.Id), MaxUpdated = g.Max(p => p.UpdatedUtc) })
            .FirstOrDefaultAsync(ct);
        return stamp is null ? (0, 0, 0) : (stamp.Count, stamp.MaxId, stamp.MaxUpdated.UtcTicks);
    }

    private static HashSet<string> Set(string stored) => [.. Vocabulary.Split(stored)];
}
