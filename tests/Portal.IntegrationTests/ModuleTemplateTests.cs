using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Portal.IntegrationTests;

/// <summary>
/// The module template (<c>templates/PortalModule</c>, <c>dotnet new portal-module</c>) makes a module with every part
/// the conventions ask for, named throughout, that builds with the repository's build rules (warnings as errors),
/// passes its own tests, is discovered by the host's module catalog and keeps the architecture and registration rules.
/// </summary>
public sealed class ModuleTemplateTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("portal-template-").FullName;

    [Fact]
    public async Task The_template_creates_a_named_module_and_its_test_project()
    {
        var hive = Path.Combine(_work, "hive");
        var output = Path.Combine(_work, "repo");
        Directory.CreateDirectory(output);
        await DotnetAsync(_work, "new", "install", Path.Combine(ArchitectureTests.RepositoryRoot(), "templates", "PortalModule"), "--debug:custom-hive", hive);
        await DotnetAsync(output, "new", "portal-module", "-n", "Mentorship", "--zhName", "師友計劃", "--description", "Pair new leaders with mentors.",
            "--zhDescription", "為新領袖配對導師。", "--debug:custom-hive", hive);

        string[] expected =
        [
            "src/Modules/Mentorship/Portal.Mentorship.csproj",
            "src/Modules/Mentorship/Manifest.cs",
            "src/Modules/Mentorship/Startup.cs",
            "src/Modules/Mentorship/Permissions.cs",
            "src/Modules/Mentorship/AdminMenu.cs",
            "src/Modules/Mentorship/HomeTiles.cs",
            "src/Modules/Mentorship/Controllers/MentorshipController.cs",
            "src/Modules/Mentorship/Areas/Mentorship/Views/_ViewImports.cshtml",
            "src/Modules/Mentorship/Areas/Mentorship/Views/_ViewStart.cshtml",
            "src/Modules/Mentorship/Areas/Mentorship/Views/Mentorship/Index.cshtml",
            "src/Modules/Mentorship/Areas/Mentorship/Views/Mentorship/Admin.cshtml",
            "src/Modules/Mentorship/Resources/MentorshipStrings.cs",
            "src/Modules/Mentorship/Resources/MentorshipStrings.zh-HK.resx",
            "src/Modules/Mentorship/README.md",
            "tests/Portal.Mentorship.Tests/Portal.Mentorship.Tests.csproj",
            "tests/Portal.Mentorship.Tests/MentorshipTests.cs",
        ];
        var files = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(output, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), files);

        string Read(string path) => File.ReadAllText(Path.Combine(output, path));
        Assert.All(files, f => Assert.DoesNotContain("portalmodule", Read(f), StringComparison.OrdinalIgnoreCase));
        Assert.Contains("[assembly: Module(\"Mentorship\", \"Mentorship\", \"Pair new leaders with mentors.\")]", Read(expected[1]), StringComparison.Ordinal);
        Assert.Contains("<AssemblyName>Portal.Mentorship</AssemblyName>", Read(expected[0]), StringComparison.Ordinal);
        Assert.Contains("[HttpGet(\"/mentorship\")]", Read(expected[6]), StringComparison.Ordinal);
        Assert.Contains("[AllowAnonymous]", Read(expected[6]), StringComparison.Ordinal);
        Assert.Contains("[Authorize(Policy = Permissions.ManagePolicy)]", Read(expected[6]), StringComparison.Ordinal);
        Assert.Contains("<value>師友計劃</value>", Read(expected[12]), StringComparison.Ordinal);
        Assert.Contains("<data name=\"Pair new leaders with mentors.\" xml:space=\"preserve\"><value>為新領袖配對導師。</value>", Read(expected[12]), StringComparison.Ordinal);

        // The startup registers through the typed helpers only.
        var startup = Read(expected[2]);
        Assert.Contains("services.AddPermissions<Permissions>();", startup, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"\b(?:Add(?:Scoped|Singleton|Transient)|TryAdd\w*)\s*[<(]"), startup);

        // It builds beside a copy of the abstractions with the repository's build rules, and its own tests pass.
        var root = ArchitectureTests.RepositoryRoot();
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", "NuGet.config" })
        {
            File.Copy(Path.Combine(root, file), Path.Combine(output, file));
        }

        CopySources(Path.Combine(root, "src", "Portal.Abstractions"), Path.Combine(output, "src", "Portal.Abstractions"));
        await DotnetAsync(output, TimeSpan.FromMinutes(8), "test", "tests/Portal.Mentorship.Tests", "-c", "Release", "-nologo");

        // The host's catalog discovers it, and it keeps the rules every module keeps.
        var bin = Directory.GetFiles(Path.Combine(output, "src", "Modules", "Mentorship", "bin"), "Portal.Mentorship.dll", SearchOption.AllDirectories).Single();
        var catalog = Portal.Hosting.Modules.ModuleCatalog.Discover(Path.GetDirectoryName(bin)!);
        var module = Assert.Single(catalog.Modules, m => m.Id == "Mentorship");
        Assert.Equal(["Portal.Abstractions"], module.Assembly.GetReferencedAssemblies().Select(r => r.Name!).Where(n => n.StartsWith("Portal", StringComparison.Ordinal)));
        var problems = new List<string>();
        var contracts = 0;
        foreach (var (_, startupType) in module.Startups)
        {
            var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
            ((Portal.Modules.ModuleStartup)Activator.CreateInstance(startupType)!).ConfigureServices(services, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
            contracts += ModuleRegistrationTests.ContractProblems(module.Assembly, services, problems);
        }

        Assert.True(contracts > 0, "The template's startup registered no contract.");
        Assert.Empty(problems);
    }

    private static void CopySources(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is "bin" or "obj")
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static Task DotnetAsync(string folder, params string[] arguments) => DotnetAsync(folder, TimeSpan.FromSeconds(60), arguments);

    private static async Task DotnetAsync(string folder, TimeSpan limit, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // No build servers left behind: they would outlive the test and hold its output pipes open.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["UseRazorBuildServer"] = "false";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS.
        }
    }
}
