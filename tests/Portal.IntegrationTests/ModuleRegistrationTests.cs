using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Modules;
using Portal.Recipes;

namespace Portal.IntegrationTests;

/// <summary>
/// Modules (and the host) register what they bring only through the typed helpers
/// (<see cref="ModuleServiceCollectionExtensions"/>, <c>AddRecipeStep</c>), and the host and themes name no module.
/// </summary>
public sealed partial class ModuleRegistrationTests
{
    /// <summary>Each contract a typed helper registers, with the helper (found by reflection: a new helper is covered at once).</summary>
    private static readonly IReadOnlyDictionary<Type, MethodInfo> Helpers = typeof(ModuleServiceCollectionExtensions)
        .GetMethods(BindingFlags.Public | BindingFlags.Static)
        .Concat(typeof(RecipeServiceCollectionExtensions).GetMethods(BindingFlags.Public | BindingFlags.Static))
        .Where(m => m.IsGenericMethodDefinition && m.GetParameters().Length == 1)
        .Select(m => (Method: m, Contract: ContractOf(m)))
        .Where(x => x.Contract is not null)
        .ToDictionary(x => x.Contract!, x => x.Method);

    private static Type? ContractOf(MethodInfo helper)
    {
        var implementation = helper.GetGenericArguments()[^1];
        var contract = implementation.GetGenericParameterConstraints().SingleOrDefault(c => c.IsInterface);
        return contract is { IsGenericType: true } ? contract.GetGenericTypeDefinition() : contract;
    }

    private static Type? HelperContract(Type serviceType) =>
        Helpers.ContainsKey(serviceType) ? serviceType
        : serviceType.IsGenericType && Helpers.ContainsKey(serviceType.GetGenericTypeDefinition()) ? serviceType.GetGenericTypeDefinition()
        : null;

    private static IEnumerable<(Assembly Module, ServiceCollection Services)> EachModuleStartup()
    {
        var configuration = new ConfigurationBuilder().Build();
        foreach (var module in ArchitectureTests.Modules())
        {
            foreach (var startupType in module.GetTypes().Where(t => typeof(ModuleStartup).IsAssignableFrom(t) && !t.IsAbstract))
            {
                var services = new ServiceCollection();
                ((ModuleStartup)Activator.CreateInstance(startupType)!).ConfigureServices(services, configuration);
                yield return (module, services);
            }
        }
    }

    [Fact]
    public void The_typed_helpers_cover_every_contract_modules_bring()
    {
        Assert.Contains(typeof(Portal.Security.IPermissionProvider), Helpers.Keys);
        Assert.Contains(typeof(Portal.Navigation.IHomeTileProvider), Helpers.Keys);
        Assert.Contains(typeof(Portal.Data.IModuleMigration<>), Helpers.Keys);
        Assert.Contains(typeof(IRecipeStepHandler), Helpers.Keys);
    }

    /// <summary>
    /// Runs every module's startup into a fresh service collection: each contract registration must be exactly what
    /// the typed helper makes (a class, not a factory or an instance; the helper's lifetime; registered once).
    /// </summary>
    [Fact]
    public void Every_module_registers_its_contracts_through_the_typed_helpers()
    {
        var problems = new List<string>();
        var contractsSeen = 0;
        foreach (var (module, services) in EachModuleStartup())
        {
            contractsSeen += ContractProblems(module, services, problems);
        }

        Assert.True(contractsSeen > 0, "No module registered any contract: the startups were not run.");
        Assert.Empty(problems);
    }

    /// <summary>The registration rules for one module's startup (also run on a module made from the template).</summary>
    internal static int ContractProblems(Assembly module, ServiceCollection services, List<string> problems)
    {
        var contractsSeen = 0;
        {
            var name = module.GetName().Name;
            foreach (var group in services.Where(d => HelperContract(d.ServiceType) is not null).GroupBy(d => (d.ServiceType, d.ImplementationType)))
            {
                var registration = group.First();
                contractsSeen++;
                if (group.Count() > 1)
                {
                    problems.Add($"{name}: {registration.ServiceType.Name} → {registration.ImplementationType?.Name} is registered {group.Count()} times (the helpers add it once)");
                }

                if (registration.ImplementationType is null)
                {
                    problems.Add($"{name}: {registration.ServiceType.Name} is registered with a factory or an instance; use the typed helper");
                    continue;
                }

                var expected = new ServiceCollection();
                var helper = Helpers[HelperContract(registration.ServiceType)!];
                var typeArguments = helper.GetGenericArguments().Length == 2
                    ? [registration.ServiceType.GetGenericArguments()[0], registration.ImplementationType]
                    : new[] { registration.ImplementationType };
                helper.MakeGenericMethod(typeArguments).Invoke(null, [expected]);
                var made = Assert.Single(expected, d => d.ServiceType == registration.ServiceType);
                if (made.Lifetime != registration.Lifetime)
                {
                    problems.Add($"{name}: {registration.ServiceType.Name} → {registration.ImplementationType.Name} is {registration.Lifetime}; {helper.Name} makes it {made.Lifetime}");
                }
            }
        }

        return contractsSeen;
    }

    /// <summary>
    /// <c>services.AddScoped(sp => new X(...))</c> only where the container cannot build X itself (a constructor it
    /// cannot call, or one that takes a plain value such as a folder name).
    /// </summary>
    [Fact]
    public void Modules_wire_no_constructor_by_hand_that_the_container_could_call()
    {
        var problems = new List<string>();
        foreach (var (module, services) in EachModuleStartup())
        {
            foreach (var descriptor in services.Where(d => d.ImplementationFactory is not null && d.ServiceType.Assembly == module && d.ServiceType.IsClass
                // AddPortalDbContext (a helper) builds the context from the site's provider and connection.
                && !d.ServiceType.IsSubclassOf(typeof(Microsoft.EntityFrameworkCore.DbContext))))
            {
                // Any constructor counts, public or not: a module's controllers and view components may be internal
                // (the host discovers them), so its services need no public-class-with-internal-constructor dodge.
                var callable = descriptor.ServiceType.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                    .Where(c => c.GetParameters() is not [var only] || only.ParameterType != descriptor.ServiceType) // a record's copy constructor
                    .Any(c => c.GetParameters().All(p => !p.ParameterType.IsValueType && p.ParameterType != typeof(string)));
                if (callable)
                {
                    problems.Add($"{module.GetName().Name}: {descriptor.ServiceType.Name} is built by a hand-written factory; register it with AddScoped/AddSingleton<{descriptor.ServiceType.Name}>()");
                }
            }
        }

        Assert.Empty(problems);
    }

    /// <summary>The same rule read in the source, so that the host (not a module) is held to it too.</summary>
    [Fact]
    public void No_source_registers_a_contract_without_its_typed_helper()
    {
        var contracts = string.Join('|', Helpers.Keys.Select(t => Regex.Escape(t.Name.Split('`')[0])));
        var raw = new Regex(
            @"\b(?:Add(?:Scoped|Singleton|Transient)|TryAdd(?:Scoped|Singleton|Transient|Enumerable)?|ServiceDescriptor\.\w+)\s*[<(][^;]*?\b(?:" + contracts + @")\b",
            RegexOptions.Singleline);
        var root = ArchitectureTests.RepositoryRoot();
        var problems = SourceFiles(root, Path.Combine("src", "Portal"), "*.cs")
            .Concat(SourceFiles(root, Path.Combine("src", "Modules"), "*.cs"))
            .SelectMany(file => raw.Matches(WithoutComments(File.ReadAllText(file)))
                .Select(m => $"{Path.GetRelativePath(root, file)}: {Regex.Replace(m.Value, @"\s+", " ")}"))
            .ToList();

        Assert.Empty(problems);
    }

    /// <summary>Health checks come through <c>AddHealthCheck&lt;T&gt;</c>: a readiness check answers only /health/ready, a
    /// liveness check /health too; registering one twice adds it once; two checks under one name are refused.</summary>
    [Fact]
    public void A_health_check_is_added_through_its_typed_helper_as_readiness_or_liveness()
    {
        var services = new ServiceCollection();
        services.AddHealthCheck<ReadyCheck>("tests.ready");
        services.AddHealthCheck<ReadyCheck>("tests.ready");
        services.AddHealthCheck<AliveCheck>("tests.alive", HealthCheckKind.Liveness);
        Assert.Throws<InvalidOperationException>(() => services.AddHealthCheck<AliveCheck>("tests.ready"));

        using var provider = services.BuildServiceProvider();
        var registrations = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        var ready = Assert.Single(registrations, r => r.Name == "tests.ready");
        Assert.Equal(new[] { PortalHealth.ReadyTag }, ready.Tags);
        Assert.IsType<ReadyCheck>(ready.Factory(provider));
        var alive = Assert.Single(registrations, r => r.Name == "tests.alive");
        Assert.Empty(alive.Tags);
        Assert.Equal(2, registrations.Count);
    }

    /// <summary>Every module's health check is one <c>AddHealthCheck</c> registered (the search index's readiness among
    /// them), and no source adds one by hand.</summary>
    [Fact]
    public void Modules_add_health_checks_only_through_the_typed_helper()
    {
        var checks = new List<string>();
        foreach (var (module, services) in EachModuleStartup())
        {
            var registered = services.Select(d => d.ImplementationInstance).OfType<ModuleHealthCheck>().Select(c => c.Name).ToList();
            var options = new ServiceCollection();
            foreach (var configure in services.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Options.IConfigureOptions<HealthCheckServiceOptions>)))
            {
                ((ICollection<ServiceDescriptor>)options).Add(configure);
            }

            using var provider = options.AddOptions().BuildServiceProvider();
            var all = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name);
            Assert.Equal(registered.Order(), all.Order());
            checks.AddRange(registered);
        }

        Assert.Contains("search", checks);

        var root = ArchitectureTests.RepositoryRoot();
        var byHand = new Regex(@"\.AddHealthChecks\s*\(\s*\)\s*\.\s*Add");
        var problems = SourceFiles(root, Path.Combine("src", "Portal"), "*.cs")
            .Concat(SourceFiles(root, Path.Combine("src", "Modules"), "*.cs"))
            .Where(file => byHand.IsMatch(WithoutComments(File.ReadAllText(file))))
            .Select(file => Path.GetRelativePath(root, file))
            .ToList();
        Assert.Empty(problems);
    }

    private sealed class ReadyCheck : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(HealthCheckResult.Healthy());
    }

    private sealed class AliveCheck : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(HealthCheckResult.Healthy());
    }

    /// <summary>Module ids (existing and planned) and the addresses of their pages.</summary>
    private static readonly string[] ModuleIds = ["Knowledge", "Academy", "Search", "Notifications", "Content", "Mentoring", "Forum", "Matching", "Impact"];

    [GeneratedRegex(@"(?<![\w.])/(?:kb|academy|search|notifications|news|pages|mentoring|mentors?|forum|community|matching|partners|impact)(?=[/""'?#\s]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex ModuleAddress();

    /// <summary>
    /// Generic uses the host and themes may keep, each as the exact text that appears (kept narrow on purpose).
    /// </summary>
    private static readonly (string File, string Text)[] Allowed =
    [
        // The search rate-limit policy is a host concern (declared in Abstractions); its name is not the module's id.
        ("src/Portal/Hosting/PortalServiceCollectionExtensions.cs", "RateLimitPolicies.Search"),
        // Site-wide statements every organisation must publish (about, privacy, accessibility) are linked from every page's footer.
        ("themes/Default/Views/Shared/_Layout.cshtml", "/pages/about"),
        ("themes/Default/Views/Shared/_Layout.cshtml", "/pages/privacy"),
        ("themes/Default/Views/Shared/_Layout.cshtml", "/pages/accessibility"),
        ("themes/Default/Views/Shared/_Layout.cshtml", "/pages/terms"),
    ];

    [Fact]
    public void The_host_and_the_themes_name_no_module()
    {
        var root = ArchitectureTests.RepositoryRoot();
        var ids = new Regex(@"\b(?:" + string.Join('|', ModuleIds) + @")\b");
        var files = new[] { "*.cs", "*.cshtml", "*.js", "*.css" }
            .SelectMany(pattern => SourceFiles(root, Path.Combine("src", "Portal"), pattern).Concat(SourceFiles(root, "themes", pattern)))
            .ToList();
        Assert.NotEmpty(files);
        var problems = new List<string>();
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var text = WithoutComments(File.ReadAllText(file));
            foreach (var (allowedFile, allowedText) in Allowed.Where(a => a.File == relative))
            {
                text = text.Replace(allowedText, string.Empty, StringComparison.Ordinal);
            }

            // Namespaces of the abstractions (Portal.Search, Portal.Notifications, ...) and the localized text of the
            // page (T["Search by name"]) are not module names.
            text = Regex.Replace(text, @"\bPortal(?:\.\w+)+", string.Empty);
            text = Regex.Replace(text, @"\b[A-Z]\[""(?:[^""\\]|\\.)*""", string.Empty);
            problems.AddRange(ids.Matches(text).Select(m => $"{relative}: names the module {m.Value}"));
            problems.AddRange(ModuleAddress().Matches(text).Select(m => $"{relative}: links to a module's page {m.Value}"));
            if (relative.StartsWith("themes/", StringComparison.Ordinal))
            {
                problems.AddRange(Regex.Matches(text, @"IsInRole\s*\(|IsFeatureEnabled\s*\(|Component\.InvokeAsync\s*\(\s*""")
                    .Select(m => $"{relative}: {m.Value} (render the layout zones instead)"));
                problems.AddRange(Regex.Matches(text, @"""(?:Administrator|Staff|GroupLeader|Mentor|Member|Partner)""")
                    .Select(m => $"{relative}: names the role {m.Value}"));
            }
        }

        Assert.Empty(problems);
    }

    private static IEnumerable<string> SourceFiles(string root, string folder, string pattern) =>
        Directory.EnumerateFiles(Path.Combine(root, folder), pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}wwwroot{Path.DirectorySeparatorChar}lib{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>Drops // and /* */ comments (C#, JS, CSS) and Razor @* *@ comments: prose may name a module.</summary>
    private static string WithoutComments(string source)
    {
        var text = Regex.Replace(source, @"@\*.*?\*@", string.Empty, RegexOptions.Singleline);
        text = Regex.Replace(text, @"/\*.*?\*/", string.Empty, RegexOptions.Singleline);
        return Regex.Replace(text, @"(?<![:""'])//.*$", string.Empty, RegexOptions.Multiline);
    }
}
