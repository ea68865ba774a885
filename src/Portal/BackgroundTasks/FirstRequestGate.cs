namespace Portal.Hosting.BackgroundTasks;

/// <summary>
/// Holds back the first turn of every background task until this node has answered its first request, or until
/// <see cref="BackgroundTaskOptions.StartDelay"/> has passed, whichever comes first: at start-up the tasks (search
/// indexing, the outbox, reminders, retention) otherwise all run at once and take about 0.6 s of CPU from the first
/// page on a 2-core machine. Armed only by the web pipeline (<c>UsePortal</c>); a host without it (a command, a
/// test driving the runner) starts its tasks at once.
/// </summary>
public sealed class FirstRequestGate
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _armed;
    private volatile bool _open;

    public bool IsOpen => _open || !_armed;

    internal void Arm() => _armed = true;

    internal void Open()
    {
        if (!_open)
        {
            _open = true;
            _opened.TrySetResult();
        }
    }

    /// <summary>Opens the gate once <paramref name="request"/> (the pipeline's answer to a request) has ended.</summary>
    internal async Task OpenAfterAsync(Task request)
    {
        try
        {
            await request;
        }
        finally
        {
            Open();
        }
    }

    internal async Task WaitAsync(TimeSpan atMost, TimeProvider time, CancellationToken cancellationToken)
    {
        if (IsOpen)
        {
            return;
        }

        try
        {
            await _opened.Task.WaitAsync(atMost, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // No request yet (a node nobody asks for): the tasks run anyway.
        }
    }
}
