using System.Reflection;
using Portal.Modules;

namespace Portal.IntegrationTests;

/// <summary>Modules meet only through contracts: no module references another module or the host.</summary>
public sealed class ArchitectureTests
{
    /// <summary>
    /// The module assemblies beside the tests. Finding none is a failure, not a pass: every test that walks the
    /// modules would otherwise check nothing (e.g. after a change to how the assemblies are named or copied).
    /// </summary>
    internal static IReadOnlyList<Assembly> Modules()
    {
        IReadOnlyList<Assembly> modules =
        [
            .. Directory.GetFiles(AppContext.BaseDirectory, "Portal.*.dll")
                .Select(f => Assembly.LoadFrom(f))
                .Where(a => a.GetCustomAttribute<ModuleAttribute>() is not null),
        ];
        Assert.True(modules.Count > 0, $"No module assembly (Portal.*.dll with [assembly: Module]) was found in {AppContext.BaseDirectory}.");
        return modules;
    }

    [Fact]
    public void Every_module_the_host_references_is_found()
    {
        var found = Modules().Select(m => m.GetName().Name!).ToHashSet(StringComparer.Ordinal);
        var project = System.Xml.Linq.XDocument.Load(Path.Combine(RepositoryRoot(), "src", "Portal", "Portal.csproj"));
        var referenced = project.Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .Where(name => name != "Portal.Abstractions" && name != "Portal.Themes")
            .ToList();

        // The host references its modules only so that they are built and copied beside it; each must be discovered.
        Assert.NotEmpty(referenced);
        Assert.All(referenced, name => Assert.Contains(name, found));
    }

    internal static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Portal.slnx")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        return root.FullName;
    }

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

    /// <summary>
    /// A form whose <c>action</c> is a literal address gets no antiforgery token unless it asks for one, and its
    /// POST then fails with 400 for everybody (this happened three times). Every POST form in every view must either
    /// use the routing attributes (<c>asp-action</c>, <c>asp-route</c>, …) or say <c>asp-antiforgery="true"</c>.
    /// </summary>
    [Fact]
    public void Every_post_form_in_every_view_carries_an_antiforgery_token()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Portal.slnx")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var views = new[] { "src", "themes" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root.FullName, folder), "*.cshtml", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(views);
        var problems = new List<string>();
        foreach (var view in views)
        {
            foreach (System.Text.RegularExpressions.Match form in System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(view), "<form\\b[^>]*>", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            {
                var tag = form.Value;
                var post = System.Text.RegularExpressions.Regex.IsMatch(tag, "method=\"post\"", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
                var routed = System.Text.RegularExpressions.Regex.IsMatch(tag, "asp-(action|controller|route|page|area)");
                if (post && !routed && !tag.Contains("asp-antiforgery=\"true\"", StringComparison.Ordinal))
                {
                    problems.Add($"{Path.GetRelativePath(root.FullName, view)}: {tag}");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void No_resource_file_holds_two_names_that_differ_only_in_case()
    {
        // The resource compiler keeps one of them and drops the other with only a warning, so a page shows the
        // English key where the translation was meant.
        var files = Directory.EnumerateFiles(RepositoryRoot(), "*.resx", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        var problems = new List<string>();
        foreach (var file in files)
        {
            var names = System.Xml.Linq.XDocument.Load(file).Root!.Elements("data").Select(d => (string)d.Attribute("name")!);
            problems.AddRange(names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
                .Select(g => $"{Path.GetRelativePath(RepositoryRoot(), file)}: {string.Join(" / ", g)}"));
        }

        Assert.Empty(problems);
    }
}
