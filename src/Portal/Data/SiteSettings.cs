using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Portal.Clustering;
using Portal.Hosting.Clustering;

namespace Portal.Hosting.Data;

/// <summary>The rows of <c>portal_settings</c>.</summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed class SiteSettingValues(IReadOnlyDictionary<string, string> values)
{
    public IReadOnlyDictionary<string, string> Values { get; } = values;
}

/// <summary>
/// Site-wide settings (site name, active theme, set-up state) in <see cref="HybridCache"/>
/// (<see cref="ClusterCachedSnapshot{T}"/>): loaded asynchronously, reloaded on every node when one is saved.
/// <see cref="Get"/> stays synchronous for views and reads the last values loaded.
/// </summary>
public sealed class SiteSettingsStore : IDisposable
{
    public const string ThemeKey = "Theme";
    public const string SiteNameZhKey = "SiteName.zh-HK";
    public const string SiteNameEnKey = "SiteName.en";
    public const string SetUpKey = "SetUpUtc";

    /// <summary>The cluster-signal channel raised when a setting is saved.</summary>
    public const string Channel = "portal.settings";

    private readonly IServiceScopeFactory scopes;
    private readonly ClusterCachedSnapshot<SiteSettingValues> _values;

    public SiteSettingsStore(IServiceScopeFactory scopes, HybridCache cache, IClusterSignal signal, TimeProvider time, ILogger<SiteSettingsStore> logger)
    {
        this.scopes = scopes;
        _values = new ClusterCachedSnapshot<SiteSettingValues>(cache, signal, time, logger, "portal:site-settings", Channel, TimeSpan.FromMinutes(1), LoadAsync);
    }

    /// <summary>Whether the settings could be read the last time (readiness).</summary>
    public bool Healthy => _values.Healthy;

    public string? Get(string key) =>
        _values.CurrentOrLoad() is { } values && values.Values.TryGetValue(key, out var value) ? value : null;

    /// <summary>Reads the settings through the cache (asynchronously; from the database when the entry expired).</summary>
    public Task RefreshAsync(CancellationToken cancellationToken = default) => _values.RefreshAsync(cancellationToken);

    /// <summary>Forgets the cached values and reads them from the database now.</summary>
    public Task ReloadAsync(CancellationToken cancellationToken = default) => _values.ReloadAsync(cancellationToken);

    public async Task SetAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
            var setting = await db.SiteSettings.FindAsync([key], cancellationToken);
            if (setting is null)
            {
                db.SiteSettings.Add(new SiteSetting { Key = key, Value = value });
            }
            else
            {
                setting.Value = value;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await _values.PublishChangeAsync(cancellationToken);
    }

    private async Task<SiteSettingValues> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        var rows = await db.SiteSettings.AsNoTracking().ToListAsync(cancellationToken);
        return new SiteSettingValues(rows.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal));
    }

    public void Dispose() => _values.Dispose();
}
