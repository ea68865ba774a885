using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Clustering;
using Portal.Hosting;
using Portal.Hosting.Data;
using Portal.Hosting.Modules;

namespace Portal.Host.Tests;

/// <summary>
/// Feature states come from the cache; when the database cannot be read the last known states stay in force (a
/// disabled feature never switches itself back on) and readiness fails until the states can be read again.
/// </summary>
public sealed class FeatureStateCacheTests : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("portal-features-tests-").FullName;
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:DataDir"] = _dataDir,
            ["Portal:SetupRecipe"] = string.Empty,
            ["Logging:LogLevel:Default"] = "Critical",
        });
        builder.AddPortal();
        _app = builder.Build();
        await _app.InitializeSiteAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_database_error_keeps_a_disabled_feature_off_and_fails_readiness_until_the_states_can_be_read()
    {
        var features = _app.Services.GetRequiredService<FeatureManager>();
        Assert.True(features.IsEnabled("Academy"));
        await features.SetEnabledAsync(["Academy"], enabled: false);
        Assert.False(features.IsEnabled("Academy"));
        Assert.Equal(HealthStatus.Healthy, await ReadinessAsync());

        // The table becomes unreadable and a change signal arrives: the reload fails, the last known state stays.
        await ExecuteAsync("ALTER TABLE portal_features RENAME TO portal_features_away");
        await _app.Services.GetRequiredService<IClusterSignal>().PublishAsync(FeatureManager.Channel);
        Assert.False(features.IsEnabled("Academy"));
        Assert.False(features.Healthy);
        Assert.Equal(HealthStatus.Unhealthy, await ReadinessAsync());

        // Readable again: the next reload is healthy (and still off).
        await ExecuteAsync("ALTER TABLE portal_features_away RENAME TO portal_features");
        await _app.Services.GetRequiredService<IClusterSignal>().PublishAsync(FeatureManager.Channel);
        Assert.False(features.IsEnabled("Academy"));
        Assert.Equal(HealthStatus.Healthy, await ReadinessAsync());
    }

    [Fact]
    public async Task Saving_a_setting_is_seen_at_once_and_reading_it_again_does_not_go_to_the_database()
    {
        var settings = _app.Services.GetRequiredService<SiteSettingsStore>();
        await settings.SetAsync(SiteSettingsStore.SiteNameEnKey, "Before");
        Assert.Equal("Before", settings.Get(SiteSettingsStore.SiteNameEnKey));

        // Changed behind the cache's back (no signal): the cached value is still served.
        await ExecuteAsync("UPDATE portal_settings SET \"Value\" = 'Behind' WHERE \"Key\" = 'SiteName.en'");
        await settings.RefreshAsync();
        Assert.Equal("Before", settings.Get(SiteSettingsStore.SiteNameEnKey));

        // A change signal (from another node) reloads it.
        await _app.Services.GetRequiredService<IClusterSignal>().PublishAsync(SiteSettingsStore.Channel);
        Assert.Equal("Behind", settings.Get(SiteSettingsStore.SiteNameEnKey));
    }

    private async Task<HealthStatus> ReadinessAsync()
    {
        // The host's own readiness check (feature states, settings, set-up); modules add theirs (search's index), which
        // this site without background tasks never makes ready.
        var report = await _app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Name == "site-state");
        return report.Status;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<HostDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
