using System.Diagnostics;
using System.Net;

namespace Portal.Benchmarks;

/// <summary>What one load run measured.</summary>
public sealed record LoadResult(string Name, int Connections, long Requests, long Errors, double Seconds, double P50, double P95, double P99, string? FirstError)
{
    public double RequestsPerSecond => Requests / Seconds;
}

/// <summary>
/// A small closed-loop HTTP load generator (NBomber is not available from the package source and <c>wrk</c> is not
/// installed): <c>connections</c> workers, each with its own connection, send requests one after another for a fixed
/// time; every response's status is checked and its latency recorded. Loopback only.
/// </summary>
public static class HttpLoad
{
    /// <summary>A client whose connections are reused; cookies are set per request by the caller (no cookie container).</summary>
    public static HttpClient CreateClient(Uri baseAddress, int connections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>
    /// Runs <paramref name="connections"/> workers for <paramref name="duration"/> after a warm-up of
    /// <paramref name="warmup"/>. <paramref name="request"/> makes the i-th request of a worker; a response counts as
    /// an error unless <paramref name="ok"/> accepts it (default: 2xx).
    /// </summary>
    public static Task<LoadResult> RunAsync(string name, HttpClient client, int connections, TimeSpan duration, TimeSpan warmup,
        Func<int, long, HttpRequestMessage> request, Func<HttpResponseMessage, bool>? ok = null) =>
        RunAsync(name, client, connections, duration, warmup, (worker, i) => ValueTask.FromResult(request(worker, i)), ok);

    /// <summary>As above, for requests that need a page first (a form's token and version): what the request
    /// factory reads is part of the request's time, as it is for a person who opens the form and sends it.</summary>
    public static async Task<LoadResult> RunAsync(string name, HttpClient client, int connections, TimeSpan duration, TimeSpan warmup,
        Func<int, long, ValueTask<HttpRequestMessage>> request, Func<HttpResponseMessage, bool>? ok = null)
    {
        ok ??= r => r.IsSuccessStatusCode;
        if (warmup > TimeSpan.Zero)
        {
            await RunCoreAsync(client, connections, warmup, request, ok);
        }

        var (latencies, errors, seconds, firstError) = await RunCoreAsync(client, connections, duration, request, ok);
        latencies.Sort();
        return new LoadResult(name, connections, latencies.Count, errors, seconds,
            BenchmarkStats.Percentile(latencies, 50), BenchmarkStats.Percentile(latencies, 95), BenchmarkStats.Percentile(latencies, 99), firstError);
    }

    private static async Task<(List<double> Latencies, long Errors, double Seconds, string? FirstError)> RunCoreAsync(
        HttpClient client, int connections, TimeSpan duration, Func<int, long, ValueTask<HttpRequestMessage>> request, Func<HttpResponseMessage, bool> ok)
    {
        var perWorker = new List<double>[connections];
        long errors = 0;
        string? firstError = null;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            var mine = perWorker[worker] = new List<double>(4096);
            for (long i = 0; Stopwatch.GetTimestamp() < end; i++)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var message = await request(worker, i);
                    using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead);
                    if (!ok(response))
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, $"{message.Method} {message.RequestUri} → {(int)response.StatusCode}", null);
                        continue;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, ex.GetType().Name + ": " + ex.Message, null);
                    continue;
                }

                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = new List<double>(perWorker.Sum(l => l.Count));
        foreach (var list in perWorker)
        {
            all.AddRange(list);
        }

        return (all, errors, seconds, firstError);
    }
}
