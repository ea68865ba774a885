using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
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
    IServiceScopeFactory scopes,
    IMemoryCache cache,
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
        // Both languages at once, each on its own flow with its own culture (the culture flows with the task).
        var work = Globalization.PortalCultures.All.Select(name => Task.Run(async () =>
        {
            var c = CultureInfo.GetCultureInfo(name);
            CultureInfo.CurrentUICulture = c;
            CultureInfo.CurrentCulture = c;
            return (name, await BuildAsync(period, targets, cancellationToken));
        }, cancellationToken)).ToList();
        var reports = new Dictionary<string, ImpactReport>(StringComparer.Ordinal);
        foreach (var (name, report) in await Task.WhenAll(work))
        {
            reports[name] = report;
        }

        return reports;
    }

    private async Task<ImpactReport> BuildAsync(ReportPeriod period, IReadOnlyList<ImpactTarget> targets, CancellationToken cancellationToken)
    {
        var previous = period.Previous();
        var ui = CultureInfo.CurrentUICulture;
        var culture = CultureInfo.CurrentCulture;

        // Every source for both periods at once, each call in its own scope (its own DbContext).
        var work = sources.Select((source, index) => (Source: source, Index: index))
            .Where(x => features.IsEnabled(x.Source.Module))
            .Select(x => (x.Source, Now: AskAsync(x.Index, period, ui, culture, cancellationToken), Before: AskAsync(x.Index, previous, ui, culture, cancellationToken)))
            .ToList();
        var sections = new List<ReportSection>();
        var service = new ServiceHours();
        foreach (var (source, nowTask, beforeTask) in work)
        {
            var title = SectionTitle(source);
            try
            {
                var now = await nowTask;
                var before = await beforeTask;
                service.Add(now, before);
                var byKey = before.GroupBy(m => m.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
                sections.Add(new ReportSection(source.Module, title, [.. now.Select(m => ToMetric(m, byKey.GetValueOrDefault(m.Key)))]));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The metrics source of {Module} failed for the impact report.", source.Module);
                sections.Add(new ReportSection(source.Module, title, [], Failed: true));
            }
        }

        if (service.Reported)
        {
            sections.Insert(0, new ReportSection(CentreSection, t["Across the centre"], service.Metrics(t)));
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

    /// <summary>The section of figures the dashboard adds up over every module (<see cref="ServiceHours"/>).</summary>
    public const string CentreSection = "Centre";

    /// <summary>
    /// The centre's share of service delivered online (<c>service.online-share</c>, the plan's "20% of service
    /// online"): the hours of service every module that is on reports (<see cref="MetricValue.OnlineHours"/> on an
    /// <c>hours</c> figure: mentoring meetings, partners' work for groups), and how many of them were online (meetings
    /// by phone or video, remote work). Learning in the academy, the knowledge base and the forum are online by nature
    /// and report no hours of service, so they neither raise nor lower the share.
    /// </summary>
    private sealed class ServiceHours
    {
        private decimal _online, _total, _onlineBefore, _totalBefore;
        private bool _before;

        public bool Reported { get; private set; }

        public void Add(IReadOnlyList<MetricValue> now, IReadOnlyList<MetricValue> before)
        {
            foreach (var m in now.Where(m => m.OnlineHours is not null && m.Unit == "hours"))
            {
                Reported = true;
                _online += m.OnlineHours!.Value;
                _total += m.Value;
            }

            foreach (var m in before.Where(m => m.OnlineHours is not null && m.Unit == "hours"))
            {
                _before = true;
                _onlineBefore += m.OnlineHours!.Value;
                _totalBefore += m.Value;
            }
        }

        public IReadOnlyList<ReportMetric> Metrics(IStringLocalizer t)
        {
            static decimal Share(decimal online, decimal total) => total == 0 ? 0 : Math.Round(online * 100m / total, 1);
            var hours = new MetricValue("service.hours", t["Hours of service"], _total, "hours")
            {
                Breakdowns =
                [
                    new MetricBreakdown("delivery", t["How it was delivered (online: by phone, video or remote work)"],
                    [
                        new MetricPart("online", t["Online"], _online),
                        new MetricPart("in-person", t["In person"], _total - _online),
                    ]),
                ],
            };
            var share = new MetricValue("service.online-share", t["Share of service delivered online"], Share(_online, _total), "percent");
            return
            [
                // No service hours the period before: no share to compare with (0% would read as "none online").
                ToMetric(share, _before && _totalBefore > 0 ? share with { Value = Share(_onlineBefore, _totalBefore) } : null),
                ToMetric(hours, _before ? hours with { Value = _totalBefore } : null),
            ];
        }
    }

    /// <summary>How long a source's figures for a period that ended before today are kept (they rarely change).</summary>
    public static readonly TimeSpan PastPeriodCache = TimeSpan.FromMinutes(10);

    /// <summary>
    /// One source's figures for one period, in its own scope. Figures of a period that ended before today (the
    /// comparison period, last year) are kept in memory for a few minutes per language; a period that includes today
    /// is always asked afresh.
    /// </summary>
    private Task<IReadOnlyList<MetricValue>> AskAsync(int index, ReportPeriod period, CultureInfo ui, CultureInfo culture, CancellationToken cancellationToken)
    {
        var today = Globalization.PortalCultures.Today(clock);
        if (period.To >= today)
        {
            return AskFreshAsync(index, period, ui, culture, cancellationToken);
        }

        var key = $"impact:source:{index}:{period.FromIso}:{period.ToIso}:{ui.Name}";
        if (cache.TryGetValue(key, out IReadOnlyList<MetricValue>? cached) && cached is not null)
        {
            return Task.FromResult(cached);
        }

        return CacheAsync();

        async Task<IReadOnlyList<MetricValue>> CacheAsync()
        {
            var figures = await AskFreshAsync(index, period, ui, culture, cancellationToken);
            cache.Set(key, figures, PastPeriodCache);
            return figures;
        }
    }

    private Task<IReadOnlyList<MetricValue>> AskFreshAsync(int index, ReportPeriod period, CultureInfo ui, CultureInfo culture, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            CultureInfo.CurrentUICulture = ui;
            CultureInfo.CurrentCulture = culture;
            await using var scope = scopes.CreateAsyncScope();
            var source = scope.ServiceProvider.GetServices<IMetricsSource>().ElementAt(index);
            return await source.GetMetricsAsync(period.From, period.To, cancellationToken);
        }, cancellationToken);

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
