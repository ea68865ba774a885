using Microsoft.EntityFrameworkCore;
using Portal.Impact.Data;
using Portal.Impact.Models;

namespace Portal.Impact.Services;

/// <summary>Staff use cases: set and remove targets (every change kept), choose what the public page shows.</summary>
public sealed class ImpactTargetsService(ImpactDbContext db, TimeProvider clock, PublicImpactCache cache)
{
    public Task<List<ImpactTarget>> GetTargetsAsync(CancellationToken cancellationToken = default) =>
        db.Targets.AsNoTracking().OrderBy(t => t.MetricKey).ToListAsync(cancellationToken);

    public Task<ImpactTarget?> FindAsync(string metricKey, CancellationToken cancellationToken = default) =>
        db.Targets.AsNoTracking().FirstOrDefaultAsync(t => t.MetricKey == metricKey, cancellationToken);

    /// <summary>The most recent changes first (all targets, or one key).</summary>
    public Task<List<ImpactTargetChange>> GetHistoryAsync(string? metricKey = null, int take = 200, CancellationToken cancellationToken = default)
    {
        var query = db.TargetChanges.AsNoTracking();
        if (metricKey is not null)
        {
            query = query.Where(c => c.MetricKey == metricKey);
        }

        return query.OrderByDescending(c => c.ChangedUtc).ThenByDescending(c => c.Id).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>Creates or changes the target for a key; returns false when nothing changed.</summary>
    public async Task<bool> SetTargetAsync(string metricKey, decimal goal, string unit, string plan, string byUserId, CancellationToken cancellationToken = default)
    {
        metricKey = metricKey.Trim();
        var now = clock.GetUtcNow();
        var existing = await db.Targets.FirstOrDefaultAsync(t => t.MetricKey == metricKey, cancellationToken);
        if (existing is null)
        {
            var (target, change) = ImpactTarget.Create(metricKey, goal, unit, plan, byUserId, now);
            db.Targets.Add(target);
            db.TargetChanges.Add(change);
        }
        else
        {
            var change = existing.Change(goal, unit, plan, byUserId, now);
            if (change is null)
            {
                return false;
            }

            db.TargetChanges.Add(change);
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<bool> RemoveTargetAsync(string metricKey, string byUserId, CancellationToken cancellationToken = default)
    {
        var existing = await db.Targets.FirstOrDefaultAsync(t => t.MetricKey == metricKey, cancellationToken);
        if (existing is null)
        {
            return false;
        }

        db.TargetChanges.Add(existing.Removed(byUserId, clock.GetUtcNow()));
        db.Targets.Remove(existing);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlySet<string>> GetPublishedKeysAsync(CancellationToken cancellationToken = default) =>
        (await db.PublishedMetrics.AsNoTracking().Select(p => p.MetricKey).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Shows or hides one metric on the public page.</summary>
    public async Task SetPublishedAsync(string metricKey, bool published, string byUserId, CancellationToken cancellationToken = default)
    {
        var existing = await db.PublishedMetrics.FirstOrDefaultAsync(p => p.MetricKey == metricKey, cancellationToken);
        if (published && existing is null)
        {
            db.PublishedMetrics.Add(new PublishedMetric(metricKey, byUserId, clock.GetUtcNow()));
        }
        else if (!published && existing is not null)
        {
            db.PublishedMetrics.Remove(existing);
        }
        else
        {
            return;
        }

        await db.SaveChangesAsync(cancellationToken);
        await cache.InvalidateEverywhereAsync(cancellationToken);
    }
}
