namespace Portal.Metrics;

/// <summary>One figure a module reports for a period, e.g. <c>academy.participants-improved-share</c>.</summary>
/// <param name="Key">Stable key, prefixed with the module id.</param>
/// <param name="Label">Localized label for the current culture.</param>
/// <param name="Unit"><c>count</c>, <c>percent</c>, <c>hours</c>, ...</param>
/// <param name="Target">The centre's target for the figure, if it has one.</param>
public sealed record MetricValue(string Key, string Label, decimal Value, string Unit, decimal? Target = null);

/// <summary>A module's figures for the impact dashboard (Orchard-style: the dashboard knows no module).</summary>
public interface IMetricsSource
{
    string Module { get; }

    Task<IReadOnlyList<MetricValue>> GetMetricsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default);
}
