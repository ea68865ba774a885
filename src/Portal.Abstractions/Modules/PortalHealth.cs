namespace Portal.Modules;

/// <summary>Which of the host's health endpoints asks a module's health check (<c>AddHealthCheck&lt;T&gt;</c>).</summary>
public enum HealthCheckKind
{
    /// <summary>Only <c>/health/ready</c>: the module cannot serve yet (its index is not built, its data not loaded). A
    /// load balancer sends it no traffic, but the process is alive and is not restarted. The usual kind.</summary>
    Readiness = 0,

    /// <summary><c>/health</c> and <c>/health/ready</c>: the process itself is broken and should be restarted. Rare:
    /// a failing liveness check restarts every node that shares the cause (a database outage restarts them all).</summary>
    Liveness = 1,
}

/// <summary>The host's health endpoints: <c>/health</c> (liveness) asks every check without <see cref="ReadyTag"/>;
/// <c>/health/ready</c> asks every check.</summary>
public static class PortalHealth
{
    /// <summary>The tag of a readiness check.</summary>
    public const string ReadyTag = "ready";
}
