using System.Collections.Concurrent;
using Portal.BackgroundTasks;

namespace Portal.Hosting.BackgroundTasks;

/// <summary>
/// Wakes a task on this node: <see cref="Trigger"/> sets the task's signal and the runner's wait for the next turn
/// ends at once. A trigger that arrives while the task runs is kept, so the task runs once more right after (nothing
/// written during a run is left waiting for the next interval). Unknown names are ignored (e.g. a module not loaded).
/// </summary>
public sealed class BackgroundTaskTrigger : IBackgroundTaskTrigger
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _signals = new(StringComparer.OrdinalIgnoreCase);

    public void Trigger(string taskName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskName);
        var signal = Signal(taskName);
        lock (signal)
        {
            if (signal.CurrentCount == 0)
            {
                signal.Release();
            }
        }
    }

    /// <summary>Waits until the task is triggered (true) or <paramref name="timeout"/> passes on
    /// <paramref name="time"/> (false). A trigger set earlier returns at once.</summary>
    internal async Task<bool> WaitAsync(string taskName, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var signal = Signal(taskName);
        if (signal.Wait(0, CancellationToken.None))
        {
            return true;
        }

        if (timeout <= TimeSpan.Zero)
        {
            return false;
        }

        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var triggered = signal.WaitAsync(both.Token);
        var elapsed = Task.Delay(timeout, time, both.Token);
        await Task.WhenAny(triggered, elapsed);
        await both.CancelAsync();
        try
        {
            // Completed before the cancellation (the signal was taken) or cancelled (it was not).
            await triggered;
            return true;
        }
        catch (OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }
    }

    private SemaphoreSlim Signal(string taskName) => _signals.GetOrAdd(taskName, _ => new SemaphoreSlim(0, 1));
}
