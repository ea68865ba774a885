using System.Globalization;
using Portal.Impact.Models;

namespace Portal.Impact.Services;

/// <summary>One part of a breakdown, with its suppression decided.</summary>
public sealed record ReportPart(string Key, string Label, decimal Value, bool Hidden)
{
    public string Display(string unit, CultureInfo culture) => Suppression.Format(Value, unit, Hidden, culture);
}

public sealed record ReportBreakdown(string Dimension, string Label, IReadOnlyList<ReportPart> Parts);

/// <summary>One figure for the period and the period before, ready to show (suppression applied).</summary>
public sealed record ReportMetric(
    string Key,
    string Label,
    string Unit,
    decimal Value,
    bool Hidden,
    decimal? Previous,
    bool PreviousHidden,
    IReadOnlyList<ReportBreakdown> Breakdowns,
    decimal? SourceTarget = null)
{
    public string Display(CultureInfo culture) => Suppression.Format(Value, Unit, Hidden, culture);

    public string? PreviousDisplay(CultureInfo culture) => Previous is { } p ? Suppression.Format(p, Unit, PreviousHidden, culture) : null;

    /// <summary>Up, down or same against the previous period; null when either side is hidden or missing.</summary>
    public int? Trend => Previous is { } p && !Hidden && !PreviousHidden ? Math.Sign(Value - p) : null;

    public decimal? Change => Previous is { } p && !Hidden && !PreviousHidden ? Value - p : null;
}

/// <summary>A module's figures (a source whose feature is on).</summary>
public sealed record ReportSection(string Module, string Title, IReadOnlyList<ReportMetric> Metrics, bool Failed = false);

/// <summary>A target against what was achieved.</summary>
public sealed record TargetStatus(
    string MetricKey,
    string Label,
    string Plan,
    string Unit,
    decimal Goal,
    bool SetByModule,
    ReportMetric? Metric)
{
    public bool HasData => Metric is not null;

    /// <summary>The figure compared with the goal: the value itself, or for a growth goal the growth in % against the previous period.</summary>
    // A suppressed figure (shown as "< 5") gives nothing to compare: neither the progress bar nor the growth may reveal it.
    public decimal? Actual => Metric is null || Metric.Hidden ? null
        : Unit == TargetUnits.Growth
            ? (Metric.Previous is { } p && p > 0 && !Metric.PreviousHidden ? Math.Round((Metric.Value - p) * 100m / p, 1) : null)
            : Metric.Value;

    /// <summary>True when the goal is reached, false when not, null when there is nothing to compare.</summary>
    public bool? Met => Actual is { } a ? a >= Goal : null;

    /// <summary>How far along, 0–100, for the progress bar.</summary>
    public decimal Progress => Actual is { } a && Goal > 0 ? Math.Clamp(Math.Round(a * 100m / Goal, 0), 0, 100) : (Met == true ? 100 : 0);

    public string GoalText(CultureInfo culture) => Unit switch
    {
        TargetUnits.Percent => Goal.ToString("0.#", culture) + "%",
        TargetUnits.Growth => "+" + Goal.ToString("0.#", culture) + "%",
        _ => Goal.ToString("#,0.#", culture),
    };

    public string? ActualText(CultureInfo culture)
    {
        if (Metric is null || Actual is not { } a)
        {
            return null;
        }

        if (Unit == TargetUnits.Growth)
        {
            return (a >= 0 ? "+" : "") + a.ToString("0.#", culture) + "%";
        }

        return Metric.Display(culture);
    }
}

/// <summary>The whole report for a period in one language.</summary>
public sealed record ImpactReport(
    ReportPeriod Period,
    ReportPeriod PreviousPeriod,
    IReadOnlyList<ReportSection> Sections,
    IReadOnlyList<TargetStatus> Targets,
    DateTimeOffset GeneratedUtc,
    string Culture)
{
    public IEnumerable<ReportMetric> AllMetrics => Sections.SelectMany(s => s.Metrics);
}
