using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Portal.Modules;

namespace Portal.Hosting.Modules;

/// <summary>A feature as the admin lists it.</summary>
public sealed record FeatureDescriptor(
    string Id,
    string ModuleId,
    string Name,
    string Description,
    IReadOnlyList<string> Dependencies,
    bool AlwaysEnabled,
    bool EnabledByDefault);

/// <summary>A discovered module: its manifest, assembly and startups.</summary>
public sealed record ModuleDescriptor(
    string Id,
    string Name,
    string Description,
    Assembly Assembly,
    IReadOnlyList<FeatureDescriptor> Features,
    IReadOnlyList<(string FeatureId, Type StartupType)> Startups);

/// <summary>
/// Finds the modules beside the host: every <c>Portal.*.dll</c> carrying <see cref="ModuleAttribute"/>, ordered
/// so that a module comes after the features it depends on.
/// </summary>
public sealed class ModuleCatalog
{
    private readonly ConcurrentDictionary<Type, string?> _featureOf = new();

    private ModuleCatalog(IReadOnlyList<ModuleDescriptor> modules)
    {
        Modules = modules;
        Features = modules.SelectMany(m => m.Features).ToList();
    }

    public IReadOnlyList<ModuleDescriptor> Modules { get; }

    public IReadOnlyList<FeatureDescriptor> Features { get; }

    public FeatureDescriptor? FindFeature(string id) =>
        Features.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The feature a type (a controller, a startup) belongs to; asked on every request, so remembered per type.</summary>
    public string? FeatureOf(Type type) => _featureOf.GetOrAdd(type, FindFeatureOf, Modules);

    private static string? FindFeatureOf(Type type, IReadOnlyList<ModuleDescriptor> modules) =>
        type.GetCustomAttribute<RequireFeatureAttribute>()?.FeatureId ?? modules.FirstOrDefault(m => m.Assembly == type.Assembly)?.Id;

    public static ModuleCatalog Discover(string baseDirectory)
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic)
            .GroupBy(a => a.GetName().Name ?? string.Empty, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var assemblies = new List<Assembly>();
        foreach (var path in Directory.EnumerateFiles(baseDirectory, "Portal.*.dll").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            try
            {
                var assembly = loaded.TryGetValue(name, out var existing)
                    ? existing
                    : AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
                if (assembly.GetCustomAttributesData().Any(a => a.AttributeType == typeof(ModuleAttribute)))
                {
                    assemblies.Add(assembly);
                }
            }
            catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                // Not a module (e.g. a test assembly beside the host in a test run).
            }
        }

        return FromAssemblies(assemblies);
    }

    public static ModuleCatalog FromAssemblies(IEnumerable<Assembly> assemblies)
    {
        var modules = new List<ModuleDescriptor>();
        foreach (var assembly in assemblies.Distinct())
        {
            var manifest = assembly.GetCustomAttribute<ModuleAttribute>()!;
            var features = new List<FeatureDescriptor>
            {
                new(manifest.Id, manifest.Id, manifest.Name, manifest.Description, manifest.Dependencies, manifest.AlwaysEnabled, manifest.EnabledByDefault),
            };
            features.AddRange(assembly.GetCustomAttributes<FeatureAttribute>().Select(f =>
                new FeatureDescriptor(f.Id, manifest.Id, f.Name, f.Description, [manifest.Id, .. f.Dependencies], false, f.EnabledByDefault)));

            var startups = assembly.GetTypes()
                .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(ModuleStartup).IsAssignableFrom(t))
                .Select(t => (t.GetCustomAttribute<RequireFeatureAttribute>()?.FeatureId ?? manifest.Id, t))
                .ToList();
            modules.Add(new ModuleDescriptor(manifest.Id, manifest.Name, manifest.Description, assembly, features, startups));
        }

        return new ModuleCatalog(SortByDependencies(modules));
    }

    private static List<ModuleDescriptor> SortByDependencies(List<ModuleDescriptor> modules)
    {
        var byFeature = modules.SelectMany(m => m.Features.Select(f => (f.Id, m)))
            .ToDictionary(x => x.Id, x => x.m, StringComparer.OrdinalIgnoreCase);
        var sorted = new List<ModuleDescriptor>();
        var visiting = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        void Visit(ModuleDescriptor module)
        {
            if (done.Contains(module.Id))
            {
                return;
            }

            if (!visiting.Add(module.Id))
            {
                throw new InvalidOperationException($"Modules depend on each other in a cycle through '{module.Id}'.");
            }

            foreach (var dependency in module.Features.SelectMany(f => f.Dependencies))
            {
                if (!byFeature.TryGetValue(dependency, out var other))
                {
                    throw new InvalidOperationException($"Module '{module.Id}' depends on feature '{dependency}', which no module provides.");
                }

                if (other != module)
                {
                    Visit(other);
                }
            }

            done.Add(module.Id);
            sorted.Add(module);
        }

        foreach (var module in modules.OrderBy(m => m.Id, StringComparer.Ordinal))
        {
            Visit(module);
        }

        return sorted;
    }
}
