using System.Diagnostics;

namespace Portal.Benchmarks;

/// <summary>Percentiles of timings, and a stopwatch helper shared by the module benchmarks.</summary>
public static class BenchmarkStats
{
    /// <summary>Nearest-rank percentile of <paramref name="sortedMilliseconds"/> (sorted ascending).</summary>
    public static double Percentile(IReadOnlyList<double> sortedMilliseconds, double percentile)
    {
        if (sortedMilliseconds.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100.0 * sortedMilliseconds.Count);
        return sortedMilliseconds[Math.Clamp(rank - 1, 0, sortedMilliseconds.Count - 1)];
    }

    /// <summary>Times each call of <paramref name="action"/> after <paramref name="warmup"/> unmeasured calls.</summary>
    public static async Task<List<double>> TimeAsync(int iterations, int warmup, Func<int, Task> action)
    {
        for (var i = 0; i < warmup; i++)
        {
            await action(i);
        }

        var timings = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await action(i);
            timings.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        timings.Sort();
        return timings;
    }

    /// <summary>The CPU time (user and system) another process has used so far.</summary>
    public static TimeSpan ProcessCpuTime(int pid)
    {
        using var process = Process.GetProcessById(pid);
        return process.TotalProcessorTime;
    }

    public static string Summary(IReadOnlyList<double> sorted) =>
        $"p50 {Percentile(sorted, 50):F2} ms, p95 {Percentile(sorted, 95):F2} ms, p99 {Percentile(sorted, 99):F2} ms (n={sorted.Count})";

    public static Task SelfCheckAsync()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).ToList();
        Console.WriteLine($"1..100 → {Summary(values)} (expected p50 50, p95 95, p99 99)");
        return Task.CompletedTask;
    }
}
