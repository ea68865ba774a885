namespace Portal.Hosting.BackgroundTasks;

/// <summary>The <c>Portal:BackgroundTasks</c> section: how the host runs every module's background tasks.</summary>
public sealed class BackgroundTaskOptions
{
    public const string Section = "Portal:BackgroundTasks";

    /// <summary>Off only for tools and tests that drive tasks themselves; a site needs its tasks.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>At most this long after start-up, the tasks wait for the node's first answered request before their
    /// first turn (<see cref="FirstRequestGate"/>), so that the first page is not slowed by all of them at once.</summary>
    public TimeSpan StartDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a task whose feature is off looks again whether it has been switched on (a memory read).</summary>
    public TimeSpan DisabledPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a single-node task's lease lasts on SQLite before another node may take it over; renewed
    /// every third of it while the task runs, so only a node that died leaves it to expire.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Runs kept per task in the history (the newest success is always kept).</summary>
    public int RunsKeptPerTask { get; set; } = 100;

    /// <summary>This node's name in the run history; by default the machine name and the process id.</summary>
    public string? NodeName { get; set; }
}
