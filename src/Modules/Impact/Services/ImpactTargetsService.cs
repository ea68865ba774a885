using Microsoft.EntityFrameworkCore;
using Portal.Data;
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

    /// <summary>Creates or changes the target for a key; returns false when nothing changed. The same new target sent
    /// twice at once (a double click): the slower one changes the first one's row (<see cref="DoubleSubmits"/>).</summary>
    public Task<bool> SetTargetAsync(string metricKey, decimal goal, string unit, string plan, string byUserId, CancellationToken cancellationToken = default) =>
        db.OnceMoreIfRacedAsync(() => ApplyTargetAsync(metricKey.Trim(), goal, unit, plan, byUserId, cancellationToken), cancellationToken);

    private async Task<bool> ApplyTargetAsync(string metricKey, decimal goal, string unit, string plan, string byUserId, CancellationToken cancellationToken)
    {
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
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Removed at the same moment by another request (a double click): it is gone, as asked, and that
            // request kept the record of the removal.
            db.ChangeTracker.Clear();
            return false;
        }

        return true;
    }

    public async Task<IReadOnlySet<string>> GetPublishedKeysAsync(CancellationToken cancellationToken = default) =>
        (await db.PublishedMetrics.AsNoTracking().Select(p => p.MetricKey).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Shows or hides one metric on the public page. Asking twice at once (a double click) is the same as
    /// asking once: hiding deletes whatever is there, and showing accepts that another request showed it first.</summary>
    public async Task SetPublishedAsync(string metricKey, bool published, string byUserId, CancellationToken cancellationToken = default)
    {
        if (!published)
        {
            if (await db.PublishedMetrics.Where(p => p.MetricKey == metricKey).ExecuteDeleteAsync(cancellationToken) > 0)
            {
                await cache.InvalidateEverywhereAsync(cancellationToken);
            }

            return;
        }

        if (await db.PublishedMetrics.AnyAsync(p => p.MetricKey == metricKey, cancellationToken))
        {
            return;
        }

        db.PublishedMetrics.Add(new PublishedMetric(metricKey, byUserId, clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            if (!await db.PublishedMetrics.AnyAsync(p => p.MetricKey == metricKey, cancellationToken))
            {
                throw;
            }
        }

        await cache.InvalidateEverywhereAsync(cancellationToken);
    }
}
