using System.Reflection;
using Portal.Modules;

namespace Portal.IntegrationTests;

/// <summary>Modules meet only through contracts: no module references another module or the host.</summary>
public sealed class ArchitectureTests
{
    private static IReadOnlyList<Assembly> Modules() =>
        [.. Directory.GetFiles(AppContext.BaseDirectory, "Portal.*.dll")
            .Select(f => Assembly.LoadFrom(f))
            .Where(a => a.GetCustomAttribute<ModuleAttribute>() is not null)];

    [Fact]
    public void Modules_reference_only_the_abstractions_among_portal_assemblies()
    {
        var modules = Modules();
        var moduleNames = modules.Select(m => m.GetName().Name!).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var module in modules)
        {
            foreach (var reference in module.GetReferencedAssemblies().Select(r => r.Name!))
            {
                if (reference == "Portal" || reference == "Portal.Themes" || (moduleNames.Contains(reference) && reference != module.GetName().Name))
                {
                    problems.Add($"{module.GetName().Name} references {reference}");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void The_abstractions_reference_no_module_and_no_database_provider()
    {
        var abstractions = typeof(ModuleAttribute).Assembly;
        var references = abstractions.GetReferencedAssemblies().Select(r => r.Name!).ToList();
        Assert.DoesNotContain(references, r => r == "Portal" || r.StartsWith("Portal.", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) || r.Contains("Npgsql", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_module_declares_its_manifest_and_a_startup()
    {
        foreach (var module in Modules())
        {
            var manifest = module.GetCustomAttribute<ModuleAttribute>()!;
            Assert.False(string.IsNullOrWhiteSpace(manifest.Id));
            Assert.False(string.IsNullOrWhiteSpace(manifest.Description));
            Assert.Contains(module.GetTypes(), t => typeof(ModuleStartup).IsAssignableFrom(t) && !t.IsAbstract);
        }
    }
}
