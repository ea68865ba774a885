using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Portal.Clustering;
using Portal.Hosting.Clustering;
using Portal.Hosting.Data;
using Portal.Modules;

namespace Portal.Hosting.Modules;

/// <summary>The feature states stored in <c>portal_features</c> (features without a row have their default).</summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed class FeatureStates(IReadOnlyDictionary<string, bool> states)
{
    public IReadOnlyDictionary<string, bool> States { get; } = states;
}

/// <summary>
/// Which features are on. States live in <c>portal_features</c>; this node keeps them in <see cref="HybridCache"/>
/// (<see cref="ClusterCachedSnapshot{T}"/>): loaded asynchronously, reloaded at once here and within about a second on
/// the other nodes when an admin switches a feature. <see cref="IsEnabled"/> stays synchronous and reads the last
/// states loaded. If the database cannot be read the last known states stay in force (and <c>/health/ready</c>
/// fails); before any state was ever read, optional features count as off: an error never switches a feature on.
/// </summary>
public sealed class FeatureManager : IFeatureChecker, IDisposable
{
    /// <summary>The cluster-signal channel raised when a feature is switched.</summary>
    public const string Channel = "portal.features";

    private readonly ModuleCatalog catalog;
    private readonly IServiceScopeFactory scopes;
    private readonly ClusterCachedSnapshot<FeatureStates> _states;

    public FeatureManager(ModuleCatalog catalog, IServiceScopeFactory scopes, HybridCache cache, IClusterSignal signal, TimeProvider time, ILogger<FeatureManager> logger)
    {
        this.catalog = catalog;
        this.scopes = scopes;
        _states = new ClusterCachedSnapshot<FeatureStates>(cache, signal, time, logger, "portal:feature-states", Channel, TimeSpan.FromMinutes(1), LoadAsync);
    }

    /// <summary>Whether the states could be read the last time (readiness).</summary>
    public bool Healthy => _states.Healthy;

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

        var states = _states.CurrentOrLoad();
        if (states is null)
        {
            // Never read: off rather than a guess.
            return false;
        }

        return states.States.TryGetValue(feature.Id, out var enabled) ? enabled : feature.EnabledByDefault;
    }

    /// <summary>Reads the states through the cache (asynchronously; from the database when the entry expired).</summary>
    public Task RefreshAsync(CancellationToken cancellationToken = default) => _states.RefreshAsync(cancellationToken);

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

        var ids = affected.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var changed = ids.Where(id => IsEnabled(id) != enabled).ToList();
        try
        {
            await StoreAsync(ids, enabled, cancellationToken);
        }
        catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
        {
            // The same switch pressed twice at once (a double click): the other request added the row first; this
            // one, in a fresh scope, finds it and sets it. A second failure is a real one.
            await StoreAsync(ids, enabled, cancellationToken);
        }

        await _states.PublishChangeAsync(cancellationToken);
        return changed;
    }

    private async Task StoreAsync(IReadOnlyList<string> ids, bool enabled, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        foreach (var id in ids)
        {
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

    private async Task<FeatureStates> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        var rows = await db.FeatureStates.AsNoTracking().ToListAsync(cancellationToken);
        return new FeatureStates(rows.ToDictionary(s => s.FeatureId, s => s.Enabled, StringComparer.OrdinalIgnoreCase));
    }

    public void Dispose() => _states.Dispose();
}
