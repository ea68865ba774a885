using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.BackgroundTasks;

namespace Portal.Search.Services;

/// <summary>
/// Runs the search background tasks (<see cref="SearchIndexingTask"/>, <see cref="SearchLogPruneTask"/>) on this node
/// when the host has no background-task runner (no <see cref="IBackgroundTaskTrigger"/>); with one, it stops at once
/// and the runner runs them (registered with <c>AddBackgroundTask</c>). Here: the indexing round whenever this node enqueues something
/// or every poll interval (changes made on other nodes), the log pruning every
/// <see cref="SearchOptions.LogPruneInterval"/> (first round at a random point, so nodes started together do not
/// prune together). Each round in a fresh scope; a failed round is logged and tried again.
/// </summary>
internal sealed class IndexingWorker(
    IEnumerable<IBackgroundTaskTrigger> runner,
    IndexingSignal signal,
    IServiceScopeFactory scopes,
    IOptions<SearchOptions> options,
    TimeProvider clock,
    ILogger<IndexingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (runner.Any())
        {
            logger.LogDebug("The host's background-task runner runs the search tasks.");
            return;
        }

        // Let the host finish starting (and migrate the database) before the first read.
        await Task.Yield();
        var pruneInterval = options.Value.LogPruneInterval > TimeSpan.Zero ? options.Value.LogPruneInterval : TimeSpan.FromMinutes(15);
        var nextLogPrune = clock.GetUtcNow() + (pruneInterval * Random.Shared.NextDouble());
        while (!stoppingToken.IsCancellationRequested)
        {
            await RunAsync<SearchIndexingTask>(stoppingToken);
            if (clock.GetUtcNow() >= nextLogPrune)
            {
                nextLogPrune = clock.GetUtcNow() + pruneInterval;
                await RunAsync<SearchLogPruneTask>(stoppingToken);
            }

            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task RunAsync<TTask>(CancellationToken stoppingToken)
        where TTask : IBackgroundTask
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TTask>().RunAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Search background task {Task} failed; will retry.", typeof(TTask).Name);
        }
    }
}
