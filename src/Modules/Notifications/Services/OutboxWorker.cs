using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Notifications.Services;

/// <summary>Background delivery: every poll interval (or sooner when something was queued) it queues due digests
/// and sends due outbox messages.</summary>
internal sealed class OutboxWorker(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    TimeProvider time,
    IOptions<NotificationsOptions> options,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Never let one bad pass stop delivery; the next pass tries again.
                logger.LogError(ex, "Notification delivery pass failed.");
            }

            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private DateTimeOffset _nextRetention = DateTimeOffset.MinValue;

    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DigestJob>().RunAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<OutboxProcessor>().ProcessDueAsync(cancellationToken);
        if (time.GetUtcNow() >= _nextRetention)
        {
            _nextRetention = time.GetUtcNow() + options.Value.RetentionInterval;
            await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(cancellationToken);
        }
    }
}
