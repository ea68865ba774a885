using Microsoft.EntityFrameworkCore;

namespace Portal.Hosting.Data;

/// <summary>Site-wide settings (site name, active theme, set-up state), cached for 30 seconds.</summary>
public sealed class SiteSettingsStore(IServiceScopeFactory scopes, TimeProvider clock)
{
    public const string ThemeKey = "Theme";
    public const string SiteNameZhKey = "SiteName.zh-HK";
    public const string SiteNameEnKey = "SiteName.en";
    public const string SetUpKey = "SetUpUtc";

    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);
    private readonly Lock _gate = new();
    private Dictionary<string, string>? _values;
    private DateTimeOffset _loadedAt;

    public string? Get(string key)
    {
        var values = Load();
        return values.TryGetValue(key, out var value) ? value : null;
    }

    public async Task SetAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        using var scope = scopes.CreateScope();
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
        lock (_gate)
        {
            _values = null;
        }
    }

    /// <summary>Forgets the cached values: the next read goes to the database.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _values = null;
        }
    }

    private Dictionary<string, string> Load()
    {
        lock (_gate)
        {
            if (_values is not null && clock.GetUtcNow() - _loadedAt < CacheLifetime)
            {
                return _values;
            }
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        var values = db.SiteSettings.AsNoTracking().ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        lock (_gate)
        {
            _values = values;
            _loadedAt = clock.GetUtcNow();
        }

        return values;
    }
}
