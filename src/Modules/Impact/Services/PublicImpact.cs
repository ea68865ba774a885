using System.Globalization;
using Microsoft.Extensions.Caching.Memory;
using Portal.Globalization;

namespace Portal.Impact.Services;

/// <summary>The public page's figures for the last twelve months, cached per language for a few minutes. Publishing or
/// hiding a figure clears it on every node (through the host's cluster signal), so a hidden figure leaves the public page
/// at once everywhere.</summary>
public sealed class PublicImpactCache : IDisposable
{
    public const string Channel = "impact.public";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly IMemoryCache _cache;
    private readonly Portal.Clustering.IClusterSignal? _signal;
    private readonly IDisposable? _subscription;
    private int _generation;

    public PublicImpactCache(IMemoryCache cache, IEnumerable<Portal.Clustering.IClusterSignal> signals)
    {
        _cache = cache;
        _signal = signals.FirstOrDefault();
        _subscription = _signal?.Subscribe(Channel, _ =>
        {
            Invalidate();
            return Task.CompletedTask;
        });
    }

    public string Key(string culture, DateOnly today) => $"impact:public:{_generation}:{culture}:{today:yyyy-MM-dd}";

    public bool TryGet(string key, out PublicImpactPage? page) => _cache.TryGetValue(key, out page);

    public void Set(string key, PublicImpactPage page) => _cache.Set(key, page, Lifetime);

    /// <summary>The next request on this node builds the page again.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    /// <summary>After staff publish or hide a figure: on this node at once, on the others within about a second.</summary>
    public async Task InvalidateEverywhereAsync(CancellationToken cancellationToken)
    {
        Invalidate();
        if (_signal is not null)
        {
            await _signal.PublishAsync(Channel, cancellationToken);
        }
    }

    public void Dispose() => _subscription?.Dispose();
}

public sealed record PublicImpactPage(ReportPeriod Period, IReadOnlyList<ReportSection> Sections, IReadOnlyList<TargetStatus> Targets);

/// <summary>Builds the public page from the published metrics only.</summary>
public sealed class PublicImpactService(ImpactReportBuilder builder, ImpactTargetsService targets, PublicImpactCache cache, TimeProvider clock)
{
    public async Task<PublicImpactPage> GetAsync(CancellationToken cancellationToken = default)
    {
        var today = PortalCultures.Today(clock);
        var key = cache.Key(CultureInfo.CurrentUICulture.Name, today);
        if (cache.TryGet(key, out var cached) && cached is not null)
        {
            return cached;
        }

        var published = await targets.GetPublishedKeysAsync(cancellationToken);
        var period = new ReportPeriod(today.AddMonths(-12).AddDays(1), today);
        PublicImpactPage page;
        if (published.Count == 0)
        {
            page = new PublicImpactPage(period, [], []);
        }
        else
        {
            var report = await builder.BuildAsync(period, cancellationToken);
            var sections = report.Sections
                .Select(s => s with { Metrics = [.. s.Metrics.Where(m => published.Contains(m.Key))] })
                .Where(s => s.Metrics.Count > 0)
                .ToList();
            var statuses = report.Targets.Where(t => published.Contains(t.MetricKey) && t.HasData).ToList();
            page = new PublicImpactPage(period, sections, statuses);
        }

        cache.Set(key, page);
        return page;
    }
}
