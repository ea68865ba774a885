using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Portal.BackgroundTasks;
using Portal.Hosting.Data;
using Portal.Modules;

namespace Portal.Hosting.BackgroundTasks;

/// <summary>What this node knows about one task now (shown in the admin).</summary>
public sealed class BackgroundTaskState
{
    public DateTimeOffset? NextRunUtc { get; internal set; }
    public bool Running { get; internal set; }
    public bool WaitingForFeature { get; internal set; }
    public DateTimeOffset? LastSkippedUtc { get; internal set; }
}

/// <summary>
/// Runs every registered <see cref="BackgroundTaskDescriptor"/> (Orchard's background tasks), one loop per task:
/// <list type="bullet">
/// <item>at each turn it asks whether the task's feature is enabled (a cached read, invalidated on every node when an
/// admin switches a feature); while it is off the task does not run, and it runs again as soon as it is on;</item>
/// <item>a single-node task first takes its lock (<see cref="BackgroundTaskLocks"/>) and skips the turn if another
/// node holds it;</item>
/// <item>each run gets a fresh DI scope; its outcome (start, end, duration, success or the exception's type and
/// message, node) goes to the run history (<see cref="BackgroundTaskLog"/>);</item>
/// <item>the next turn is the task's interval after the run ends, or at once when <see cref="IBackgroundTaskTrigger"/>
/// wakes it;</item>
/// <item>on shutdown every loop is cancelled and running tasks get the host's shutdown time to finish.</item>
/// </list>
/// </summary>
public sealed class BackgroundTaskRunner(
    IEnumerable<BackgroundTaskDescriptor> descriptors,
    IServiceProvider services,
    BackgroundTaskTrigger trigger,
    IFeatureChecker features,
    BackgroundTaskLocks locks,
    BackgroundTaskLog log,
    BackgroundTaskNode node,
    FirstRequestGate firstRequest,
    TimeProvider time,
    IOptions<BackgroundTaskOptions> options,
    ILogger<BackgroundTaskRunner> logger) : BackgroundService
{
    private readonly IReadOnlyList<BackgroundTaskDescriptor> _tasks = [.. descriptors.DistinctBy(d => d.Name, StringComparer.OrdinalIgnoreCase)];
    private readonly ConcurrentDictionary<string, BackgroundTaskState> _states = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<BackgroundTaskDescriptor> Tasks => _tasks;

    public BackgroundTaskState StateOf(string taskName) => _states.GetOrAdd(taskName, _ => new BackgroundTaskState());

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogInformation("Background tasks are switched off on this node (Portal:BackgroundTasks:Enabled).");
            return Task.CompletedTask;
        }

        return Task.WhenAll(_tasks.Select(task => Task.Run(() => LoopAsync(task, stoppingToken), CancellationToken.None)));
    }

    private async Task LoopAsync(BackgroundTaskDescriptor task, CancellationToken stoppingToken)
    {
        var state = StateOf(task.Name);
        state.NextRunUtc = time.GetUtcNow();
        try
        {
            await firstRequest.WaitAsync(options.Value.StartDelay, time, stoppingToken);
            state.NextRunUtc = time.GetUtcNow();
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = state.NextRunUtc.Value - time.GetUtcNow();
                if (wait > TimeSpan.Zero && await trigger.WaitAsync(task.Name, wait, time, stoppingToken))
                {
                    state.NextRunUtc = time.GetUtcNow();
                }

                if (!IsEnabled(task))
                {
                    // Not run, and the turn stays due: when the feature comes back the task runs at once.
                    state.WaitingForFeature = true;
                    await trigger.WaitAsync(task.Name, options.Value.DisabledPollInterval, time, stoppingToken);
                    continue;
                }

                state.WaitingForFeature = false;
                await RunOnceAsync(task, stoppingToken);
                state.NextRunUtc = time.GetUtcNow() + IntervalOf(task);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One turn: the lock (single-node tasks), a fresh scope, the run, its record. Never throws but for
    /// shutdown. Returns false when the turn was skipped because another node holds the lock.</summary>
    internal async Task<bool> RunOnceAsync(BackgroundTaskDescriptor task, CancellationToken stoppingToken)
    {
        var state = StateOf(task.Name);
        IAsyncDisposable? held = null;
        if (task.SingleNode)
        {
            try
            {
                held = await locks.TryAcquireAsync(task.Name, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Background task {Task} could not take its lock; it will try again at its next turn.", task.Name);
                return false;
            }

            if (held is null)
            {
                state.LastSkippedUtc = time.GetUtcNow();
                logger.LogDebug("Background task {Task} is running on another node; this turn is skipped.", task.Name);
                return false;
            }
        }

        try
        {
            state.Running = true;
            var started = time.GetUtcNow();
            var clock = Stopwatch.StartNew();
            Exception? failure = null;
            try
            {
                await using var scope = services.CreateAsyncScope();
                var instance = (IBackgroundTask)scope.ServiceProvider.GetRequiredService(task.TaskType);
                await instance.RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                failure = ex;
                logger.LogError(ex, "Background task {Task} failed; it runs again at its next turn.", task.Name);
            }
            finally
            {
                state.Running = false;
            }

            clock.Stop();
            var run = new BackgroundTaskRun
            {
                TaskName = task.Name,
                Node = node.Name,
                StartedUtc = started,
                EndedUtc = time.GetUtcNow(),
                DurationMs = clock.ElapsedMilliseconds,
                Succeeded = failure is null,
                ErrorType = failure?.GetType().FullName,
                ErrorMessage = failure is null ? null : BackgroundTaskLog.Describe(failure),
            };
            try
            {
                await log.RecordAsync(run, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The outcome of background task {Task} could not be recorded.", task.Name);
            }

            return true;
        }
        finally
        {
            if (held is not null)
            {
                await held.DisposeAsync();
            }
        }
    }

    private bool IsEnabled(BackgroundTaskDescriptor task)
    {
        try
        {
            return features.IsEnabled(task.FeatureId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Never run a task whose feature's state is unknown.
            logger.LogWarning(ex, "Could not tell whether feature {Feature} is enabled; background task {Task} waits.", task.FeatureId, task.Name);
            return false;
        }
    }

    private TimeSpan IntervalOf(BackgroundTaskDescriptor task)
    {
        try
        {
            var interval = task.Interval(services);
            return interval > TimeSpan.Zero ? interval : TimeSpan.FromMinutes(1);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The interval of background task {Task} could not be read; it runs again in a minute.", task.Name);
            return TimeSpan.FromMinutes(1);
        }
    }
}
