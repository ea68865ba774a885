using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Data;
using Portal.Hosting.Data;

namespace Portal.Hosting;

/// <summary>Healthy when the database answers and the data folder is writable. A healthy answer stands for a second
/// (<see cref="LivenessMemo"/>): probes and a load balancer asking many times a second cost one database read and one
/// file write a second, not one each (they were most of the time of a <c>/health</c> request); a failure is never
/// remembered, so the next probe checks again.</summary>
internal sealed class PortalHealthCheck(HostDbContext db, IDataFolder dataFolder, LivenessMemo memo) : IHealthCheck
{
    /// <summary>Checks with this tag answer only <c>/health/ready</c>, not the liveness <c>/health</c> (e.g. search: index
    /// built and caught up). A module registers one with <c>services.AddHealthCheck&lt;T&gt;(name)</c>.</summary>
    public const string ReadyTag = Portal.Modules.PortalHealth.ReadyTag;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (memo.StillHealthy())
        {
            return HealthCheckResult.Healthy();
        }

        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database does not answer.");
            }

            await db.SiteSettings.AsNoTracking().AnyAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be read.");
        }

        try
        {
            var probe = Path.Combine(dataFolder.Root, $".health-{Environment.ProcessId}");
            await File.WriteAllTextAsync(probe, "ok", cancellationToken);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy("The data folder is not writable.");
        }

        memo.Healthy();
        return HealthCheckResult.Healthy();
    }
}

/// <summary>When the liveness check last found everything healthy.</summary>
internal sealed class LivenessMemo(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);
    private long _healthyUntilTicks;

    public bool StillHealthy() => time.GetUtcNow().UtcTicks < Interlocked.Read(ref _healthyUntilTicks);

    public void Healthy() => Interlocked.Exchange(ref _healthyUntilTicks, (time.GetUtcNow() + Lifetime).UtcTicks);
}

/// <summary>Ready when the feature states and site settings were read the last time they were loaded and the site is
/// set up. A node that cannot read them keeps serving with what it knew but tells the load balancer.</summary>
internal sealed class SiteStateReadinessCheck(Portal.Hosting.Modules.FeatureManager features, SiteSettingsStore settings, Microsoft.Extensions.Options.IOptions<PortalOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await features.RefreshAsync(cancellationToken);
        await settings.RefreshAsync(cancellationToken);
        if (!features.Healthy)
        {
            return HealthCheckResult.Unhealthy("The feature states cannot be read; the last known states stay in force.");
        }

        if (!settings.Healthy)
        {
            return HealthCheckResult.Unhealthy("The site settings cannot be read.");
        }

        return !string.IsNullOrWhiteSpace(options.Value.SetupRecipe) && settings.Get(SiteSettingsStore.SetUpKey) is null
            ? HealthCheckResult.Unhealthy("The site is not set up yet.")
            : HealthCheckResult.Healthy();
    }
}
