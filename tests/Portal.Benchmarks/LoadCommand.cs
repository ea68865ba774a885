using System.Net;

namespace Portal.Benchmarks;

/// <summary>
/// <c>load BASE_URL CONNECTIONS SECONDS PATH...</c>: the load generator against a site already running (for
/// profiling one page at a time). Any status below 500 counts as an answer (a 404 page is a page here). The
/// environment variable <c>LOAD_COOKIE</c>, when set, is sent as the Cookie header (a signed-in person's cookies).
/// </summary>
public static class LoadCommand
{
    public static async Task RunAsync(string[] args)
    {
        if (args.Length < 4 || !Uri.TryCreate(args[0], UriKind.Absolute, out var baseUrl)
            || !int.TryParse(args[1], out var connections) || !double.TryParse(args[2], System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            Console.WriteLine("Usage: load BASE_URL CONNECTIONS SECONDS PATH...");
            return;
        }

        // LOAD_PID: the portal's process id; each line then also gives the CPU time the portal spent per answer, which
        // moves far less than answers a second when other work shares the machine (the figure to compare two builds by).
        var pid = int.TryParse(Environment.GetEnvironmentVariable("LOAD_PID"), out var p) ? p : (int?)null;
        using var client = HttpLoad.CreateClient(baseUrl, connections);
        foreach (var path in args[3..])
        {
            HttpRequestMessage Request(int worker, long i)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (Environment.GetEnvironmentVariable("LOAD_COOKIE") is { Length: > 0 } cookie)
                {
                    request.Headers.Add("Cookie", cookie);
                }

                // LOAD_ENCODING: an Accept-Encoding header ("br, gzip" as a browser and as all send; none by default).
                if (Environment.GetEnvironmentVariable("LOAD_ENCODING") is { Length: > 0 } encoding)
                {
                    request.Headers.AcceptEncoding.ParseAdd(encoding);
                }

                return request;
            }

            await HttpLoad.RunAsync(path, client, connections, TimeSpan.FromSeconds(Math.Min(2, seconds / 2)), TimeSpan.Zero, Request, r => (int)r.StatusCode < 500);
            var cpuBefore = pid is { } before ? BenchmarkStats.ProcessCpuTime(before) : TimeSpan.Zero;
            var result = await HttpLoad.RunAsync(path, client, connections, TimeSpan.FromSeconds(seconds), TimeSpan.Zero, Request, r => (int)r.StatusCode < 500);
            var cpu = pid is { } after ? FormattableString.Invariant($"  cpu {(BenchmarkStats.ProcessCpuTime(after) - cpuBefore).TotalMilliseconds / Math.Max(1, result.Requests),6:F3} ms/answer") : "";
            Console.WriteLine(FormattableString.Invariant(
                $"{path,-40} c={connections,-3} {result.RequestsPerSecond,9:F0} req/s  p50 {result.P50,7:F3} ms  p95 {result.P95,7:F3} ms  p99 {result.P99,7:F3} ms{cpu}  errors {result.Errors}{(result.FirstError is null ? "" : " (" + result.FirstError + ")")}"));
        }
    }
}
