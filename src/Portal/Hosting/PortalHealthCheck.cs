using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Data;
using Portal.Hosting.Data;

namespace Portal.Hosting;

/// <summary>Healthy when the database answers and the data folder is writable.</summary>
internal sealed class PortalHealthCheck(HostDbContext db, IDataFolder dataFolder) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
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

        return HealthCheckResult.Healthy();
    }
}
