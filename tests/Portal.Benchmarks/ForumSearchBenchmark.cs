using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Portal.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Portal.Benchmarks -- forum-search [posts] [--portal DLL]</c>: issue 11's "a new post is
/// found by search within 1 s of the reply being saved", end to end on the built portal. Starts the portal as
/// <c>all</c> does (Release, SQLite, demo recipe, a fresh data folder, 127.0.0.1 only, rate limits set aside), signs
/// in as the demo group leader (a trusted member, so posts are not held for review) and, through the real forms,
/// starts threads and replies in a community, each carrying a word nobody else uses. From the moment the form's answer
/// arrives (the post is saved) it asks <c>/api/search?q=word</c> as that member every 15 ms until the post is found,
/// and prints p50/p95/max save-to-found beside the 1,000 ms limit.
/// </summary>
public static partial class ForumSearchBenchmark
{
    private const string Community = "chronic-pain";
    private const int PollMilliseconds = 15;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(15);

    public static async Task RunAsync(string[] args)
    {
        var posts = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? Math.Max(2, n) : 40;
        var root = SiteBenchmark.RepositoryRoot();
        var portalIndex = Array.IndexOf(args, "--portal"); // another build's Portal.dll, to compare two builds side by side
        var portalDll = new[]
        {
            portalIndex >= 0 && portalIndex + 1 < args.Length ? Path.GetFullPath(args[portalIndex + 1]) : "",
            Path.Combine(root, "src", "Portal", "bin", "Release", "net10.0", "linux-x64", "Portal.dll"),
            Path.Combine(root, "src", "Portal", "bin", "Release", "net10.0", "Portal.dll"),
        }.FirstOrDefault(f => f.Length > 0 && File.Exists(f));
        if (portalDll is null)
        {
            Console.WriteLine("The portal is not built (dotnet build src/Portal -c Release).");
            return;
        }

        var dataDir = Directory.CreateTempSubdirectory("portal-bench-forum-search-").FullName;
        var port = SiteBenchmark.FreePort();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average {SiteBenchmark.LoadAverage()}");
        Console.WriteLine($"portal {portalDll}, data {dataDir}; {posts} posts (threads and replies), polling /api/search every {PollMilliseconds} ms");
        var portal = SiteBenchmark.StartPortal(portalDll, root, dataDir, port);
        var saves = new List<double>();
        var found = new List<double>();
        var kinds = new List<string>();
        try
        {
            await SiteBenchmark.WaitForPageAsync(port, TimeSpan.FromMinutes(3));
            var baseUrl = new Uri($"http://127.0.0.1:{port}");
            var cookies = new CookieContainer();
            foreach (var cookie in (await SiteBenchmark.SignInAsync(baseUrl, "leader")).Split("; ", StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = cookie.IndexOf('=', StringComparison.Ordinal);
                cookies.Add(baseUrl, new Cookie(cookie[..equals], cookie[(equals + 1)..]));
            }

            using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

            // One unmeasured thread and search first (JIT, caches, the index writer), then the measured posts: every
            // fourth a new thread, the others replies to the thread started last.
            var thread = (await StartThreadAsync(client, Word())).ThreadId;
            await FoundAsync(client, Word());
            for (var i = 0; i < posts; i++)
            {
                var word = Word();
                var saving = Stopwatch.StartNew();
                string kind;
                if (i % 4 == 0)
                {
                    thread = (await StartThreadAsync(client, word)).ThreadId;
                    kind = "thread";
                }
                else
                {
                    await ReplyAsync(client, thread, word);
                    kind = "reply";
                }

                saves.Add(saving.Elapsed.TotalMilliseconds);
                var afterSave = Stopwatch.StartNew();
                while (!await FoundAsync(client, word))
                {
                    if (afterSave.Elapsed > GiveUp)
                    {
                        throw new TimeoutException($"Post {i} ({kind}) was not found by search within {GiveUp.TotalSeconds:F0} s.");
                    }

                    await Task.Delay(PollMilliseconds);
                }

                found.Add(afterSave.Elapsed.TotalMilliseconds);
                kinds.Add(kind);
            }
        }
        finally
        {
            await SiteBenchmark.StopAsync(portal);
            portal.Dispose();
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        var sorted = found.Order().ToList();
        var p95 = BenchmarkStats.Percentile(sorted, 95);
        var max = sorted[^1];
        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"saving (form POST to its answer): p50 {BenchmarkStats.Percentile(saves.Order().ToList(), 50):F1} ms, p95 {BenchmarkStats.Percentile(saves.Order().ToList(), 95):F1} ms"));
        foreach (var kind in new[] { "thread", "reply" })
        {
            var some = found.Where((_, i) => kinds[i] == kind).Order().ToList();
            Console.WriteLine(FormattableString.Invariant($"saved to found, {kind} (n = {some.Count}): p50 {BenchmarkStats.Percentile(some, 50):F0} ms, p95 {BenchmarkStats.Percentile(some, 95):F0} ms, max {some[^1]:F0} ms"));
        }

        Console.WriteLine(FormattableString.Invariant(
            $"saved to found by search, all (n = {sorted.Count}): p50 {BenchmarkStats.Percentile(sorted, 50):F0} ms, p95 {p95:F0} ms, max {max:F0} ms; limit 1,000 ms: {(max <= Limit.TotalMilliseconds ? "met (every post)" : p95 <= Limit.TotalMilliseconds ? "met at p95, NOT for every post" : "NOT met")}"));
        Console.WriteLine($"load average now {SiteBenchmark.LoadAverage()}");
    }

    private static string Word() =>
        "qz" + string.Concat(Enumerable.Range(0, 10).Select(_ => (char)('a' + Random.Shared.Next(26))));

    private static async Task<(long ThreadId, string Location)> StartThreadAsync(HttpClient client, string word)
    {
        var page = await client.GetStringAsync($"/community/{Community}/new");
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", Token(page)),
            new("Form.Key", Hidden(page, "Form.Key")),
            new("Form.Kind", "Discussion"),
            new("Form.Title", "Benchmark thread " + word),
            new("Form.Text", $"A thread for the search benchmark: {word}. 多謝大家分享經驗。"),
            new("Form.Visibility", "Community"),
        };
        fields.AddRange(CheckedConditions().Matches(page).Select(m => new KeyValuePair<string, string>("Form.Conditions", m.Groups[1].Value)));
        var location = await PostAsync(client, $"/community/{Community}/new", fields);
        var match = ThreadLocation().Match(location);
        return match.Success
            ? (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), location)
            : throw new InvalidOperationException($"Starting a thread went to {location}.");
    }

    private static async Task ReplyAsync(HttpClient client, long thread, string word)
    {
        var page = await client.GetStringAsync($"/community/threads/{thread}");
        var location = await PostAsync(client, $"/community/threads/{thread}/reply",
        [
            new("__RequestVerificationToken", Token(page)),
            new("Reply.Key", Hidden(page, "Reply.Key")),
            new("Reply.Text", $"A reply for the search benchmark: {word}. 我都試過，慢慢嚟。"),
        ]);
        if (!location.StartsWith("/community/posts/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Replying went to {location}.");
        }
    }

    private static async Task<string> PostAsync(HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var response = await client.PostAsync(path, new FormUrlEncodedContent(fields));
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}.");
        }

        return response.Headers.Location?.OriginalString ?? "";
    }

    private static async Task<bool> FoundAsync(HttpClient client, string word)
    {
        using var response = await client.GetAsync("/api/search?q=" + Uri.EscapeDataString(word));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"/api/search answered {(int)response.StatusCode}.");
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return json.RootElement.GetProperty("total").GetInt32() > 0;
    }

    private static string Token(string page) => SiteBenchmark.TokenPattern().Match(page) is { Success: true } m
        ? m.Groups[1].Value
        : throw new InvalidOperationException("The page has no antiforgery token (not signed in, or not a member?).");

    private static string Hidden(string page, string name) =>
        Regex.Match(page, "name=\"" + Regex.Escape(name) + "\" value=\"([^\"]*)\"") is { Success: true } m
            ? m.Groups[1].Value
            : throw new InvalidOperationException($"The form has no {name}.");

    [GeneratedRegex("name=\"Form\\.Conditions\" value=\"([^\"]+)\" checked")]
    private static partial Regex CheckedConditions();

    [GeneratedRegex("^/community/threads/(\\d+)")]
    private static partial Regex ThreadLocation();
}
