using Microsoft.AspNetCore.Mvc.Razor;
using Portal.Globalization;
using Portal.Impact.Models;
using Portal.Impact.Services;

namespace Portal.Impact.ViewModels;

public abstract class ImpactPage<TModel> : RazorPage<TModel>
{
    protected static bool En => PortalCultures.IsEnglish;
}

public sealed record DashboardPage(PeriodChoice Choice, ImpactReport Report, bool CanManage, IReadOnlySet<string> Published)
{
    /// <summary>The query string that reproduces this period, for the CSV and PDF links.</summary>
    public string Query => Choice.Preset == PeriodPresets.Custom
        ? $"?period=custom&from={Report.Period.FromIso}&to={Report.Period.ToIso}"
        : $"?period={Choice.Preset}";
}

public sealed class TargetInput
{
    public string? MetricKey { get; set; }
    public decimal? Goal { get; set; }
    public string? Unit { get; set; } = TargetUnits.Count;
    public string? Plan { get; set; }
}

public sealed record TargetsPage(
    IReadOnlyList<ImpactTarget> Targets,
    IReadOnlyList<ImpactTargetChange> History,
    IReadOnlyDictionary<string, string> People,
    IReadOnlyList<(string Key, string Label)> KnownMetrics,
    TargetInput Input);
