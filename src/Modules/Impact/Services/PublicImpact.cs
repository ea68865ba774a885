using System.Globalization;
using Microsoft.Extensions.Caching.Memory;
using Portal.Globalization;

namespace Portal.Impact.Services;

/// <summary>The public page's figures for the last twelve months, cached per language for a few minutes.</summary>
public sealed class PublicImpactCache(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private int _generation;

    public string Key(string culture, DateOnly today) => $"impact:public:{_generation}:{culture}:{today:yyyy-MM-dd}";

    public bool TryGet(string key, out PublicImpactPage? page) => cache.TryGetValue(key, out page);

    public void Set(string key, PublicImpactPage page) => cache.Set(key, page, Lifetime);

    /// <summary>After staff publish or hide a figure: the next request builds the page again (on this node at once,
    /// on others when their copy expires).</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);
}

public sealed record PublicImpactPage(ReportPeriod Period, IReadOnlyList<ReportSection> Sections, IReadOnlyList<TargetStatus> Targets);

/// <summary>Builds the public page from the published metrics only.</summary>
public sealed class PublicImpactService(ImpactReportBuilder builder, ImpactTargetsService targets, PublicImpactCache cache, TimeProvider clock)
{
    public async Task<PublicImpactPage> GetAsync(CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(PortalCultures.ToHongKong(clock.GetUtcNow()).DateTime);
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
