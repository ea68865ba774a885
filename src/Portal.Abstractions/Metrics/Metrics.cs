namespace Portal.Metrics;

/// <summary>One figure a module reports for a period, e.g. <c>academy.participants-improved-share</c>.</summary>
/// <param name="Key">Stable key, prefixed with the module id.</param>
/// <param name="Label">Localized label for the current UI culture (the dashboard asks once per language).</param>
/// <param name="Unit"><c>count</c>, <c>percent</c>, <c>hours</c>, ...</param>
/// <param name="Target">A target the module itself knows of, if any (staff set the plan's targets in the dashboard).</param>
public sealed record MetricValue(string Key, string Label, decimal Value, string Unit, decimal? Target = null)
{
    /// <summary>How the value splits, e.g. by age band or by month. Each breakdown's parts are counted in the database.</summary>
    public IReadOnlyList<MetricBreakdown> Breakdowns { get; init; } = [];

    /// <summary>
    /// Set on an <c>hours</c> figure that is service the module delivered to people or groups (mentoring meetings,
    /// partners' work for a group, ...): how many of <see cref="Value"/>'s hours were delivered online (by phone, video
    /// or remote work). The impact dashboard adds these up over every module that is on, as the centre's share of
    /// service delivered online (<c>service.online-share</c> = online hours / service hours). Null (the default) for
    /// every other figure.
    /// </summary>
    public decimal? OnlineHours { get; init; }
}

/// <summary>One way of splitting a figure.</summary>
/// <param name="Dimension">Stable name: <c>age-band</c>, <c>district</c>, <c>condition</c>, <c>month</c>, <c>mode</c>, <c>type</c>, ...</param>
/// <param name="Label">Localized name of the dimension.</param>
public sealed record MetricBreakdown(string Dimension, string Label, IReadOnlyList<MetricPart> Parts);

/// <summary>One part of a breakdown. For <c>month</c>, <paramref name="Key"/> is <c>yyyy-MM</c>.</summary>
public sealed record MetricPart(string Key, string Label, decimal Value);

/// <summary>
/// A module's figures for the impact dashboard (Orchard-style: the dashboard knows no module). Register with
/// <c>services.AddMetricsSource&lt;T&gt;()</c>. Figures are computed in the database for the period (Hong Kong
/// dates, both ends included); the dashboard leaves out sources whose <see cref="Module"/> feature is disabled.
/// </summary>
public interface IMetricsSource
{
    /// <summary>The module's feature id, e.g. <c>Academy</c>.</summary>
    string Module { get; }

    Task<IReadOnlyList<MetricValue>> GetMetricsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default);
}
