using Microsoft.EntityFrameworkCore;
using Portal.Hosting.Data;
using Portal.Modules;

namespace Portal.Hosting.Modules;

/// <summary>
/// Which features are on. States live in <c>portal_features</c>; this node caches them and re-reads every
/// 30 seconds so that a change made on another node takes effect there too.
/// </summary>
public sealed class FeatureManager(ModuleCatalog catalog, IServiceScopeFactory scopes, TimeProvider clock) : IFeatureChecker
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);
    private readonly Lock _gate = new();
    private Dictionary<string, bool>? _states;
    private DateTimeOffset _loadedAt;

    public bool IsEnabled(string featureId)
    {
        // The host is not a module (its assembly is Portal.dll) but owns admin menu items: it is always on.
        if (string.Equals(featureId, HostFeature.Id, StringComparison.OrdinalIgnoreCase)) { return true; }

        var feature = catalog.FindFeature(featureId);
        if (feature is null)
        {
            return false;
        }

        if (feature.AlwaysEnabled)
        {
            return true;
        }

        var states = GetStates();
        return states.TryGetValue(feature.Id, out var enabled) ? enabled : feature.EnabledByDefault;
    }

    /// <summary>Enables features (and what they depend on) or disables them (and what depends on them).</summary>
    /// <returns>Every feature whose state changed.</returns>
    public async Task<IReadOnlyList<string>> SetEnabledAsync(IEnumerable<string> featureIds, bool enabled, CancellationToken cancellationToken = default)
    {
        var affected = new List<string>();
        foreach (var id in featureIds)
        {
            var feature = catalog.FindFeature(id) ?? throw new ArgumentException($"There is no feature '{id}'.", nameof(featureIds));
            if (enabled)
            {
                CollectDependencies(feature, affected);
            }
            else if (!feature.AlwaysEnabled)
            {
                CollectDependents(feature, affected);
            }
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        var changed = new List<string>();
        foreach (var id in affected.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IsEnabled(id) != enabled)
            {
                changed.Add(id);
            }

            var state = await db.FeatureStates.FindAsync([id], cancellationToken);
            if (state is null)
            {
                db.FeatureStates.Add(new FeatureState { FeatureId = id, Enabled = enabled });
            }
            else
            {
                state.Enabled = enabled;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        Invalidate();
        return changed;
    }

    public void Invalidate()
    {
        lock (_gate)
        {
            _states = null;
        }
    }

    private void CollectDependencies(FeatureDescriptor feature, List<string> into)
    {
        if (into.Contains(feature.Id, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        into.Add(feature.Id);
        foreach (var dependency in feature.Dependencies.Select(catalog.FindFeature).OfType<FeatureDescriptor>())
        {
            CollectDependencies(dependency, into);
        }
    }

    private void CollectDependents(FeatureDescriptor feature, List<string> into)
    {
        if (into.Contains(feature.Id, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        into.Add(feature.Id);
        foreach (var dependent in catalog.Features.Where(f => f.Dependencies.Contains(feature.Id, StringComparer.OrdinalIgnoreCase) && !f.AlwaysEnabled))
        {
            CollectDependents(dependent, into);
        }
    }

    private Dictionary<string, bool> GetStates()
    {
        lock (_gate)
        {
            if (_states is not null && clock.GetUtcNow() - _loadedAt < CacheLifetime)
            {
                return _states;
            }
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        Dictionary<string, bool> states;
        try
        {
            states = db.FeatureStates.AsNoTracking().ToDictionary(s => s.FeatureId, s => s.Enabled, StringComparer.OrdinalIgnoreCase);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or Npgsql.PostgresException)
        {
            // Before the first migration there is no table yet: every feature has its default state.
            return new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        }

        lock (_gate)
        {
            _states = states;
            _loadedAt = clock.GetUtcNow();
        }

        return states;
    }
}
