using Portal.Benchmarks;

// dotnet run -c Release --project tests/Portal.Benchmarks -- <name> [options]
// Each benchmark prints its figures and the targets they are measured against.
var benchmarks = new Dictionary<string, (string Description, Func<string[], Task> Run)>(StringComparer.OrdinalIgnoreCase)
{
    ["stats"] = ("self-check of the percentile maths", _ => BenchmarkStats.SelfCheckAsync()),
};
BenchmarkRegistry.AddModuleBenchmarks(benchmarks);

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var chosen))
{
    Console.WriteLine("Usage: dotnet run -c Release --project tests/Portal.Benchmarks -- <benchmark> [options]");
    foreach (var (name, (description, _)) in benchmarks.OrderBy(b => b.Key, StringComparer.Ordinal))
    {
        Console.WriteLine($"  {name,-12} {description}");
    }

    return args.Length == 0 ? 0 : 2;
}

await chosen.Run(args[1..]);
return 0;
