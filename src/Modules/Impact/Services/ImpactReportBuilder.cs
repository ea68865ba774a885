using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Portal.Impact.Data;
using Portal.Impact.Models;
using Portal.Impact.Resources;
using Portal.Metrics;
using Portal.Modules;

namespace Portal.Impact.Services;

/// <summary>
/// Asks every metrics source whose feature is on for the period and the period before, applies small-number
/// suppression and sets the figures against the plan's targets. Knows no module's tables.
/// </summary>
public sealed class ImpactReportBuilder(
    IEnumerable<IMetricsSource> sources,
    IFeatureChecker features,
    ImpactDbContext db,
    TimeProvider clock,
    IStringLocalizer<ImpactStrings> t,
    ILogger<ImpactReportBuilder> logger)
{
    /// <summary>The report in the current UI culture.</summary>
    public async Task<ImpactReport> BuildAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        var targets = await db.Targets.AsNoTracking().OrderBy(x => x.MetricKey).ToListAsync(cancellationToken);
        return await BuildAsync(period, targets, cancellationToken);
    }

    /// <summary>The report once per language (labels are localized by each source for the current UI culture).</summary>
    public async Task<IReadOnlyDictionary<string, ImpactReport>> BuildBilingualAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        var targets = await db.Targets.AsNoTracking().OrderBy(x => x.MetricKey).ToListAsync(cancellationToken);
        var reports = new Dictionary<string, ImpactReport>(StringComparer.Ordinal);
        var ui = CultureInfo.CurrentUICulture;
        var culture = CultureInfo.CurrentCulture;
        try
        {
            foreach (var name in Globalization.PortalCultures.All)
            {
                var c = CultureInfo.GetCultureInfo(name);
                CultureInfo.CurrentUICulture = c;
                CultureInfo.CurrentCulture = c;
                reports[name] = await BuildAsync(period, targets, cancellationToken);
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = ui;
            CultureInfo.CurrentCulture = culture;
        }

        return reports;
    }

    private async Task<ImpactReport> BuildAsync(ReportPeriod period, IReadOnlyList<ImpactTarget> targets, CancellationToken cancellationToken)
    {
        var previous = period.Previous();
        var sections = new List<ReportSection>();
        foreach (var source in sources.Where(s => features.IsEnabled(s.Module)))
        {
            var title = SectionTitle(source);
            try
            {
                var now = await source.GetMetricsAsync(period.From, period.To, cancellationToken);
                var before = await source.GetMetricsAsync(previous.From, previous.To, cancellationToken);
                var byKey = before.GroupBy(m => m.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
                sections.Add(new ReportSection(source.Module, title, [.. now.Select(m => ToMetric(m, byKey.GetValueOrDefault(m.Key)))]));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The metrics source of {Module} failed for the impact report.", source.Module);
                sections.Add(new ReportSection(source.Module, title, [], Failed: true));
            }
        }

        var metrics = sections.SelectMany(s => s.Metrics).GroupBy(m => m.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var statuses = new List<TargetStatus>();
        foreach (var target in targets)
        {
            var metric = metrics.GetValueOrDefault(target.MetricKey);
            statuses.Add(new TargetStatus(target.MetricKey, metric?.Label ?? KnownLabel(target.MetricKey), target.Plan, target.Unit, target.Goal, false, metric));
        }

        // Targets a module knows of itself (e.g. the academy's 75%), unless staff set one for the same key.
        foreach (var section in sections)
        {
            foreach (var metric in section.Metrics.Where(m => m.SourceTarget is not null))
            {
                if (!statuses.Any(s => s.MetricKey == metric.Key))
                {
                    statuses.Add(new TargetStatus(metric.Key, metric.Label, t["Set by the module"], metric.Unit == "percent" ? TargetUnits.Percent : TargetUnits.Count, metric.SourceTarget!.Value, true, metric));
                }
            }
        }

        return new ImpactReport(period, previous, sections, statuses, clock.GetUtcNow(), CultureInfo.CurrentUICulture.Name);
    }

    internal static ReportMetric ToMetric(MetricValue now, MetricValue? before)
    {
        var breakdowns = new List<ReportBreakdown>();
        foreach (var breakdown in now.Breakdowns)
        {
            var values = breakdown.Parts.Select(p => p.Value).ToList();
            var hidden = Suppression.HiddenParts(values, now.Unit);
            breakdowns.Add(new ReportBreakdown(breakdown.Dimension, breakdown.Label,
                [.. breakdown.Parts.Select((p, i) => new ReportPart(p.Key, p.Label, p.Value, hidden.Contains(i)))]));
        }

        return new ReportMetric(now.Key, now.Label, now.Unit, now.Value, Suppression.IsSmall(now.Value, now.Unit),
            before?.Value, before is not null && Suppression.IsSmall(before.Value, before.Unit), breakdowns, now.Target);
    }

    /// <summary>The module's name from its manifest, in the reader's language when the impact strings know it.</summary>
    private string SectionTitle(IMetricsSource source)
    {
        var name = source.GetType().Assembly.GetCustomAttribute<ModuleAttribute>()?.Name ?? source.Module;
        return t[name];
    }

    /// <summary>Names of keys staff set targets for before any source reports them ("no data yet").</summary>
    private string KnownLabel(string key) => KnownMetrics.Labels.TryGetValue(key, out var english) ? t[english] : key;
}
