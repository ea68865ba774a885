using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Modules;
using Portal.Search.Data;
using Portal.Search.Indexing;

namespace Portal.Search.Services;

/// <summary>
/// The search module's part of <c>/health/ready</c> (tag <c>ready</c>): unhealthy until this node's index is built,
/// while it is rebuilt, when its last update failed (e.g. a commit on a full disk), and while it is behind the indexing
/// log by more than <see cref="SearchOptions.ReadyLag"/>. <c>/health</c> (liveness) does not include it.
/// </summary>
internal sealed class SearchReadinessCheck(
    SearchIndex index,
    IndexUpdater updater,
    IDbContextFactory<SearchDbContext> dbFactory,
    IOptions<SearchOptions> options,
    TimeProvider clock,
    IEnumerable<IFeatureChecker> features) : IHealthCheck
{
    public const string Name = "search";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (features.LastOrDefault() is { } checker && !checker.IsEnabled("Search"))
        {
            // Switched off: nothing to wait for (its pages answer 404 and its tasks do not run).
            return HealthCheckResult.Healthy("Search is switched off.");
        }

        if (!index.IsOpen || index.NeedsRebuild || updater.IsRebuilding)
        {
            return HealthCheckResult.Unhealthy("The search index is being built.");
        }

        if (updater.LastFailure is { } failure)
        {
            return HealthCheckResult.Unhealthy("The last update of the search index failed: " + failure);
        }

        var applied = index.LastAppliedLogId;
        var cutoff = clock.GetUtcNow() - options.Value.ReadyLag;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var behind = await db.IndexingLog.CountAsync(x => x.Id > applied && x.CreatedUtc < cutoff, cancellationToken);
        return behind == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"The search index is {behind} {(behind == 1 ? "change" : "changes")} behind the indexing log.");
    }
}
