namespace Portal.Benchmarks;

/// <summary>The module benchmarks. Each module adds one line here for its <c>{Module}Benchmark.RunAsync</c>.</summary>
internal static partial class BenchmarkRegistry
{
    public static void AddModuleBenchmarks(Dictionary<string, (string Description, Func<string[], Task> Run)> benchmarks)
    {
        _ = benchmarks;
    }
}
