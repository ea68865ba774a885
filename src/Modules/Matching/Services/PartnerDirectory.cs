using Microsoft.EntityFrameworkCore;
using Portal.Matching.Data;
using Portal.Matching.Models;

namespace Portal.Matching.Services;

public sealed record PartnerSnapshot(long Count, long MaxId, long MaxUpdatedTicks, IReadOnlyList<PartnerProfile> Profiles)
{
    private readonly ILookup<string, PartnerProfile> _byArea = Vocabulary.Areas
        .SelectMany(a => Profiles.Where(p => Scoring.Offers(p, a.Slug)).Select(p => (a.Slug, p)))
        .ToLookup(x => x.Slug, x => x.p, StringComparer.Ordinal);

    /// <summary>The partners who offer a kind of help (the only ones scoring can suggest for it).</summary>
    public IEnumerable<PartnerProfile> Offering(string area) => _byArea[area];
}

/// <summary>
/// Available partners' matching profiles, kept in memory so scoring a need against thousands of partners needs no
/// row-by-row load. A read more than <see cref="RecheckAfter"/> after the last check asks the database for a small
/// stamp (count, highest id, latest change); when it moved (a partner registered, changed or was erased, on this node
/// or another) the profiles are loaded again. So another node's change shows within a second, with no cluster signal
/// to miss; this node's own change at once.
/// </summary>
public sealed class PartnerDirectory(MatchingDbContext db, PartnerSnapshotCache cache, TimeProvider clock)
{
    /// <summary>How long a checked snapshot is used without asking the database again (a change on another node
    /// shows within this time; a change on this node at once).</summary>
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(1);

    public async Task<PartnerSnapshot> GetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (cache.Snapshot is { } recent && now - cache.CheckedUtc < RecheckAfter)
        {
            return recent;
        }

        var stamp = await StampAsync(db, ct);
        var current = cache.Snapshot;
        if (current is not null && current.Count == stamp.Count && current.MaxId == stamp.MaxId && current.MaxUpdatedTicks == stamp.MaxUpdatedTicks)
        {
            cache.CheckedUtc = now;
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
            cache.CheckedUtc = now;
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
        var count = await db.Partners.LongCountAsync(ct);
        if (count == 0)
        {
            return (0, 0, 0);
        }

        var maxId = await db.Partners.MaxAsync(p => p.Id, ct);
        var latest = await db.Partners.OrderByDescending(p => p.UpdatedUtc).Select(p => p.UpdatedUtc).FirstAsync(ct);
        return (count, maxId, latest.UtcTicks);
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

    internal DateTimeOffset CheckedUtc { get; set; }

    public void Dispose() => Gate.Dispose();
}
