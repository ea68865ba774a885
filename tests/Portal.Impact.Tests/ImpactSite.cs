using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Portal.Impact.Data;
using Portal.Metrics;
using Portal.Modules;

namespace Portal.Impact.Tests;

/// <summary>A fresh in-memory SQLite database and a set of fake metrics sources per test.</summary>
internal sealed class ImpactSite : ModuleTestSite<ImpactDbContext>
{
    public ImpactSite(params IMetricsSource[] sources)
        : base(new DateTimeOffset(2026, 11, 20, 4, 0, 0, TimeSpan.Zero))
    {
        Build(services =>
        {
            services.AddSingleton<IFeatureChecker>(Features);
            foreach (var source in sources)
            {
                services.AddSingleton<IMetricsSource>(source);
            }

            Portal.Hosting.Documents.DocumentsServiceCollectionExtensions.AddPortalDocuments(services, Configuration);
            services.AddImpactServices();
        });
    }

    public FakeFeatures Features { get; } = new();
}

internal sealed class FakeFeatures : IFeatureChecker
{
    public HashSet<string> Disabled { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsEnabled(string featureId) => !Disabled.Contains(featureId);
}

/// <summary>A source with fixed figures; labels in the current UI culture ("課程報名" / "Enrolments").</summary>
internal sealed class FakeSource(string module, Func<DateOnly, DateOnly, IReadOnlyList<MetricValue>> figures) : IMetricsSource
{
    public string Module => module;

    public List<(DateOnly From, DateOnly To, string Culture)> Calls { get; } = [];

    public Task<IReadOnlyList<MetricValue>> GetMetricsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        lock (Calls)
        {
            Calls.Add((from, to, CultureInfo.CurrentUICulture.Name));
        }

        return Task.FromResult(figures(from, to));
    }

    public static string L(string zh, string en) => CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal) ? en : zh;
}

internal sealed class FailingSource : IMetricsSource
{
    public string Module => "Broken";

    public Task<IReadOnlyList<MetricValue>> GetMetricsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("database unavailable");
}

internal static class Cultures
{
    public static IDisposable Use(string name)
    {
        var (ui, c) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
        return new Restore(() => (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, c));
    }

    private sealed class Restore(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
