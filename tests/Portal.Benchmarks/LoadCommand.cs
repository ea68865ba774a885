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

        using var client = HttpLoad.CreateClient(baseUrl, connections);
        foreach (var path in args[3..])
        {
            var result = await HttpLoad.RunAsync(path, client, connections, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(Math.Min(2, seconds / 2)),
                (_, _) =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, path);
                    if (Environment.GetEnvironmentVariable("LOAD_COOKIE") is { Length: > 0 } cookie)
                    {
                        request.Headers.Add("Cookie", cookie);
                    }

                    return request;
                }, r => (int)r.StatusCode < 500);
            Console.WriteLine(FormattableString.Invariant(
                $"{path,-40} c={connections,-3} {result.RequestsPerSecond,9:F0} req/s  p50 {result.P50,7:F3} ms  p95 {result.P95,7:F3} ms  p99 {result.P99,7:F3} ms  errors {result.Errors}{(result.FirstError is null ? "" : " (" + result.FirstError + ")")}"));
        }
    }
}
