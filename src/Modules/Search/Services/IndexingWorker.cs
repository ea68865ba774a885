using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Search.Data;

namespace Portal.Search.Services;

/// <summary>
/// Per node: at start-up opens the index (rebuilding it when missing or corrupt), then applies the indexing log
/// whenever this node enqueues something or every poll interval (changes made on other nodes), and writes the
/// buffered query log. Every <see cref="SearchOptions.LogPruneInterval"/> it prunes the indexing log.
/// </summary>
internal sealed class IndexingWorker(
    IndexUpdater updater,
    IndexingLogPruner pruner,
    IndexingSignal signal,
    QueryRecorder recorder,
    IServiceScopeFactory scopes,
    IOptions<SearchOptions> options,
    TimeProvider clock,
    ILogger<IndexingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (and migrate the database) before the first read.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await updater.EnsureReadyAsync(stoppingToken);
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The search index could not be prepared; retrying in 30 s.");
                await Task.Delay(TimeSpan.FromSeconds(30), clock, stoppingToken);
            }
        }

        var lastPrune = DateTimeOffset.MinValue;

        // Nodes started together would prune together: start each one at a random point of the interval.
        var pruneInterval = options.Value.LogPruneInterval > TimeSpan.Zero ? options.Value.LogPruneInterval : TimeSpan.FromMinutes(15);
        var nextLogPrune = clock.GetUtcNow() + (pruneInterval * Random.Shared.NextDouble());
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await updater.CatchUpAsync(stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SearchDbContext>>().CreateDbContextAsync(stoppingToken);
                await recorder.FlushAsync(db, stoppingToken);
                if (clock.GetUtcNow() - lastPrune > TimeSpan.FromHours(6))
                {
                    var cutoff = clock.GetUtcNow() - options.Value.QueryLogRetention;
                    await db.QueryLog.Where(q => q.CreatedUtc < cutoff).ExecuteDeleteAsync(stoppingToken);
                    lastPrune = clock.GetUtcNow();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Applying the indexing log failed; will retry.");
            }

            if (clock.GetUtcNow() >= nextLogPrune)
            {
                nextLogPrune = clock.GetUtcNow() + pruneInterval;
                try
                {
                    await pruner.PruneAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Pruning the indexing log failed; will retry in {Interval}.", pruneInterval);
                }
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
}
