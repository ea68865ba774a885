namespace Portal.BackgroundTasks;

/// <summary>
/// Work a module does on a schedule (Orchard's background tasks): sending nudges, applying the indexing log,
/// delivering the outbox. The host resolves the task in a fresh scope for every run, runs it only while its
/// feature is enabled, one node at a time when <see cref="BackgroundTaskDescriptor.SingleNode"/> is set, and
/// records each run's outcome for the admin (<c>/admin/background-tasks</c>). A run that throws is logged and
/// recorded; the task runs again at its next turn.
/// </summary>
public interface IBackgroundTask
{
    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>How the host runs one background task. Register with <c>services.AddBackgroundTask&lt;T&gt;(...)</c>.</summary>
/// <param name="Name">Stable name, prefixed with the module id, e.g. <c>academy.nudges</c>.</param>
/// <param name="FeatureId">The task runs only while this feature is enabled.</param>
/// <param name="Interval">Time between the end of one run and the start of the next (may read options).</param>
/// <param name="SingleNode">Only one node of the site runs it at a time (a database lock).</param>
public sealed record BackgroundTaskDescriptor(
    string Name,
    string FeatureId,
    Type TaskType,
    Func<IServiceProvider, TimeSpan> Interval,
    bool SingleNode);

/// <summary>Asks this node to run a task now instead of at its next turn (e.g. after writing to an outbox).</summary>
public interface IBackgroundTaskTrigger
{
    void Trigger(string taskName);
}
