using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Portal.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Portal.Benchmarks -- all [seconds] [--json FILE]</c>: starts the built
/// portal (Release, SQLite, demo recipe, a fresh temporary data folder, 127.0.0.1 only) and a bare Kestrel endpoint
/// serving a fixed 3 KB page (a child process, as the portal is), measures each page under a bounded closed-loop load
/// with the <see cref="HttpLoad"/> generator, and prints one table (and JSON) with every figure beside its limit
/// (issue 16). The rate limits are set aside for the run (they would answer 429 to a load generator).
/// </summary>
public static partial class SiteBenchmark
{
    private const int AnonymousConnections = 32;
    private const int SignedInConnections = 50;
    private const string Password = "Bench-Password-for-Portal-2026";

    /// <summary>A member's own pages (issue 16: p99 ≤ 25 ms at 50 connections): learning, account, notifications,
    /// and the dashboards of the mentor scheme, the peer community and partner matching.</summary>
    private static readonly string[] SignedInPages = ["/academy/my", "/account", "/notifications", "/mentoring", "/community", "/partners"];

    private sealed record Row(string Name, string Figure, double Value, string Unit, string Limit, bool? Met, LoadResult? Load);

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 && double.TryParse(args[0], CultureInfo.InvariantCulture, out var s) ? s : 5;
        var jsonIndex = Array.IndexOf(args, "--json");
        var jsonPath = jsonIndex >= 0 && jsonIndex + 1 < args.Length ? args[jsonIndex + 1] : Path.Combine(Path.GetTempPath(), "portal-benchmark-all.json");
        var duration = TimeSpan.FromSeconds(seconds);
        var warmup = TimeSpan.FromSeconds(Math.Min(2, seconds / 2));
        var root = RepositoryRoot();
        var portalDll = Path.Combine(root, "src", "Portal", "bin", "Release", "net10.0", "linux-x64", "Portal.dll");
        if (!File.Exists(portalDll))
        {
            portalDll = Path.Combine(root, "src", "Portal", "bin", "Release", "net10.0", "Portal.dll");
        }

        if (!File.Exists(portalDll))
        {
            Console.WriteLine($"The portal is not built: {portalDll} is missing (dotnet build src/Portal -c Release).");
            return;
        }

        // What a site runs is a published build (README "Operations", deploy/): ReadyToRun code for the portal and
        // its packages (PublishReadyToRun in Portal.csproj). Published here after the Release build that `dotnet run`
        // has just made (up to date, so only the ReadyToRun compilation and the copy are new work); --no-publish
        // measures the plain build instead (for a comparison).
        if (!args.Contains("--no-publish"))
        {
            var publishDir = Path.Combine(Path.GetDirectoryName(portalDll)!, "publish");
            var publishing = Stopwatch.StartNew();
            if (!await PublishAsync(root, publishDir))
            {
                return;
            }

            portalDll = Path.Combine(publishDir, "Portal.dll");
            Console.WriteLine($"published the portal (ReadyToRun) in {publishing.Elapsed.TotalSeconds:F0} s");
        }

        var started = Stopwatch.StartNew();
        var rows = new List<Row>();
        var dataDir = Directory.CreateTempSubdirectory("portal-bench-all-").FullName;
        var portalPort = FreePort();
        var barePort = FreePort();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load average {LoadAverage()}");
        Console.WriteLine($"portal {portalDll}, data {dataDir}; {seconds:F0} s per measurement");

        using var bare = StartBare(barePort);
        Process? portal = null;
        try
        {
            // First start sets the site up from the demo recipe; the next starts (an existing site) are timed: the
            // median of three, as one start on a shared machine can fall into another process's burst.
            portal = StartPortal(portalDll, root, dataDir, portalPort);
            await WaitForPageAsync(portalPort, TimeSpan.FromMinutes(3));
            // The synthetic site at scale (SyntheticSite.cs; not with --small), before the timed restarts.
            var synthetic = await SyntheticSite.GrowAsync(args, portal, portalDll, root, dataDir, portalPort);
            var coldStarts = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                await StopAsync(portal);
                var cold = Stopwatch.StartNew();
                portal = StartPortal(portalDll, root, dataDir, portalPort);
                await WaitForPageAsync(portalPort, TimeSpan.FromMinutes(1));
                coldStarts.Add(cold.Elapsed.TotalSeconds);
            }

            var coldStart = coldStarts.Order().ElementAt(1);
            Console.WriteLine($"cold starts: {string.Join(", ", coldStarts.Select(c => c.ToString("F2", CultureInfo.InvariantCulture)))} s; load average {LoadAverage()}");
            await WaitForPageAsync(barePort, TimeSpan.FromSeconds(30));
            await SyntheticSite.WaitUntilReadyAsync(synthetic, new Uri($"http://127.0.0.1:{portalPort}"));

            var portalUrl = new Uri($"http://127.0.0.1:{portalPort}");
            var bareUrl = new Uri($"http://127.0.0.1:{barePort}");
            using var portalClient = HttpLoad.CreateClient(portalUrl, SignedInConnections);
            using var bareClient = HttpLoad.CreateClient(bareUrl, AnonymousConnections);
            var (article, course) = await FindDemoPagesAsync(portalClient);
            // The resident set after each phase, so a growth can be traced to the load that caused it.
            var memoryTrace = new List<string>();
            void TraceMemory(string phase) => memoryTrace.Add($"{phase} {ResidentMegabytes(portal!):F0}");
            TraceMemory("start");

            Task<LoadResult> Get(string name, HttpClient client, int connections, string path, string? cookie = null, bool oneConnection = false) =>
                HttpLoad.RunAsync(name, client, oneConnection ? 1 : connections, duration, warmup, (_, _) =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, path);
                    request.Headers.AcceptEncoding.ParseAdd("br, gzip");
                    if (cookie is not null)
                    {
                        request.Headers.Add("Cookie", cookie);
                    }

                    return request;
                }, path is "/nope-404" ? r => r.StatusCode == HttpStatusCode.NotFound : null);

            // Everything once under load before anything is measured (the JIT's tiers, the caches, the connections).
            var member = await SignInAsync(portalUrl, "member");
            var warmPaths = new[] { "/", "/kb", article, "/news", "/academy", course, "/certificates/verify" }.Concat(SignedInPages).ToArray();
            await HttpLoad.RunAsync("warm-up", portalClient, 16, TimeSpan.FromSeconds(Math.Max(5, seconds)), TimeSpan.Zero, (worker, i) =>
            {
                // Every page anonymously (from the page cache) and signed in (rendered), so both paths are compiled.
                var path = warmPaths[(int)((worker + i) % warmPaths.Length)];
                var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.AcceptEncoding.ParseAdd("br, gzip");
                if (worker % 2 == 0)
                {
                    request.Headers.Add("Cookie", member);
                }

                return request;
            });

            TraceMemory("warm-up");
            var bareResult = await Get("bare Kestrel 3 KB page", bareClient, AnonymousConnections, "/");
            rows.Add(new Row(bareResult.Name, "req/s", bareResult.RequestsPerSecond, "req/s", "baseline", null, bareResult));

            var anonymous = new (string Name, string Path)[]
            {
                ("home /", "/"),
                ("knowledge list /kb", "/kb"),
                ("knowledge article", article),
                ("news /news", "/news"),
                ("course catalogue /academy", "/academy"),
                ("course page", course),
                ("certificate verify", "/certificates/verify"),
            };
            // Each page right after the bare endpoint, compared with that measurement: on a shared machine the
            // capacity left over changes from one minute to the next, so the ratio is taken side by side.
            async Task CompareAsync(string name, string path, double limit)
            {
                var adjacentBare = await Get("bare", bareClient, AnonymousConnections, "/");
                var result = await Get(name, portalClient, AnonymousConnections, path);
                var share = result.RequestsPerSecond / adjacentBare.RequestsPerSecond;
                rows.Add(new Row(name + " (c=32)", $"÷ bare {adjacentBare.RequestsPerSecond / 1000:F0}k =", share * 100, "%", $"≥ {limit * 100:F0}%", share >= limit && result.Errors == 0, result));
            }

            foreach (var (name, path) in anonymous)
            {
                await CompareAsync(name + " (anonymous)", path, 0.40);
            }

            TraceMemory("anonymous");

            // Search: the judged queries of the relevance benchmark with pages 2 and facet clicks (SiteBenchmark.Search.cs),
            // with the share answered from the cache; then the same mix with every request new (never cached).
            foreach (var (name, path, limit) in new[] { ("search page /search", "/search", 0.15), ("search /api/search", "/api/search", 0.25) })
            {
                var urls = await SearchMixAsync(portalClient, path);
                var (row, cachedShare) = await RunSearchMixAsync(name, portalClient, urls, duration, warmup, limit, uncached: false, () => Get("bare", bareClient, AnonymousConnections, "/"));
                rows.Add(row with { Name = $"{name} mix {cachedShare * 100:F1}% cached (c=32)" });
                Console.WriteLine($"{name}: {urls.Length} addresses in turn, {cachedShare * 100:F2} % of the measured answers from the cache");
                var (uncachedRow, _) = await RunSearchMixAsync(name, portalClient, urls, duration, warmup, null, uncached: true, () => Get("bare", bareClient, AnonymousConnections, "/"));
                rows.Add(uncachedRow with { Name = name + ", never cached (c=32)" });
                TraceMemory(path);
            }

            // Signed in again now: the load sends a fixed Cookie header and does not take the cookie the portal renews
            // after its security-stamp check (every 5 minutes, as a browser would), so a cookie older than that would
            // be checked against the database on every request, which no browser's requests are.
            member = await SignInAsync(portalUrl, "member");
            foreach (var path in SignedInPages)
            {
                var result = await Get(path, portalClient, SignedInConnections, path, member);
                rows.Add(new Row(path + " (signed in, c=50)", "p99", result.P99, "ms", "≤ 25 ms", result.P99 <= 25 && result.Errors == 0, result));
            }

            TraceMemory("signed-in");

            foreach (var (name, path) in new[] { ("404 (fixed cost)", "/nope-404"), ("/health (fixed cost)", "/health") })
            {
                var result = await Get(name, portalClient, 1, path, oneConnection: true);
                rows.Add(new Row(name + " (c=1)", "p50", result.P50, "ms", "≤ 0.15 ms", result.P50 <= 0.15 && result.Errors == 0, result));
            }

            // The mixed load: visitors browsing and searching beside members on their own pages, all at once, while
            // people write: a member replies in the forum, a mentor logs meetings, learners enrol and answer quizzes
            // (SiteBenchmark.Learning.cs; each opens the form first, for its token, the pair's version or the quiz's
            // questions, as a person does). Every write must answer with its redirect (a quiz answer: its result page).
            var mixPaths = anonymous.Select(a => (a.Path, (string?)null))
                .Append((SearchMixSlot, null))
                .Concat(SignedInPages.Select(p => (p, (string?)member)))
                .ToArray();
            var searchMix = await SearchMixAsync(portalClient, "/search");
            var mentor = await SignInAsync(portalUrl, "mentor");
            var writes = await WritesAsync(portalClient, member, mentor);
            var learning = await LearningWritesAsync(portalUrl, portalClient, duration * 2 + warmup);
            long posts = 0, meetings = 0;
            var mixed = await HttpLoad.RunAsync("mixed", portalClient, SignedInConnections, duration * 2, warmup, async (worker, i) =>
            {
                if (worker == 0)
                {
                    Interlocked.Increment(ref posts);
                    return writes.Reply(i);
                }

                if (worker == 1)
                {
                    Interlocked.Increment(ref meetings);
                    return await writes.MeetingAsync();
                }

                if (worker == 2)
                {
                    return await learning.NextAsync();
                }

                var (path, cookie) = mixPaths[(int)((worker + i) % mixPaths.Length)];
                if (path == SearchMixSlot)
                {
                    // The search slot goes through the judged-query mix.
                    path = searchMix[(int)((worker + (i / mixPaths.Length)) % searchMix.Length)];
                }

                var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.AcceptEncoding.ParseAdd("br, gzip");
                if (cookie is not null)
                {
                    request.Headers.Add("Cookie", cookie);
                }

                return request;
            }, r => learning.Answered(r) ?? (r.RequestMessage?.Method == HttpMethod.Post ? r.StatusCode == HttpStatusCode.Redirect : r.IsSuccessStatusCode));
            Console.WriteLine($"mixed load: {mixed.Requests:N0} answers, of which about {posts:N0} forum replies, {meetings:N0} meetings logged, {learning.Enrolments:N0} enrolments and {learning.QuizAnswers:N0} quiz answers ({learning.Passed:N0} passed; {learning.Learners} learners, {learning.Courses} courses{(learning.RanOut ? ", all taken: the learners ran out" : "")}) (with the warm-up); errors {mixed.Errors}{(mixed.FirstError is null ? "" : " (" + mixed.FirstError + ")")}");
            rows.Add(new Row("mixed browse/search/member pages (c=50)", "errors", mixed.Errors, "", "0", mixed.Errors == 0, mixed));

            TraceMemory("mixed");
            Console.WriteLine("resident MB after each phase: " + string.Join(", ", memoryTrace));
            var atEnd = ResidentMegabytes(portal);
            if (Environment.GetEnvironmentVariable("BENCH_DIAG_DIR") is { Length: > 0 } diagDir)
            {
                // For looking into the memory: the kernel's summary of the mappings and the process's status, kept
                // with the portal still running so a heap dump can be taken beside them.
                Directory.CreateDirectory(diagDir);
                File.Copy($"/proc/{portal.Id}/smaps", Path.Combine(diagDir, "smaps"), overwrite: true);
                File.Copy($"/proc/{portal.Id}/status", Path.Combine(diagDir, "status"), overwrite: true);
                Console.WriteLine($"portal process {portal.Id}: smaps and status in {diagDir}; waiting 60 s for a heap dump");
                await Task.Delay(TimeSpan.FromSeconds(60));
            }

            // The figure against the limit: a minute after the load, as an operator sees it in top once the work the
            // writes left (indexing, e-mail) is done (the portal gives back what the collector held for the load after
            // 10 s of allocating next to nothing: Portal:MemoryTrim). Beside it, the figure as the load stopped (and
            // every 5 s after) and the peak of the whole run. (With BENCH_DIAG_DIR the minute waited for a heap dump
            // comes first.)
            var quiet = TimeSpan.FromSeconds(60);
            var quietTrace = new List<string>();
            for (var waited = 0; waited < quiet.TotalSeconds; waited += 5)
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
                quietTrace.Add(FormattableString.Invariant($"{waited + 5} s {ResidentMegabytes(portal):F0}"));
            }

            var rss = ResidentMegabytes(portal);
            Console.WriteLine(FormattableString.Invariant($"resident MB: {atEnd:F0} as the load stopped, then quiet: {string.Join(", ", quietTrace)}; peak {ResidentMegabytes(portal, "VmHWM:"):F0}"));
            rows.Add(new Row("resident memory as the load stopped", "RSS", atEnd, "MB", "(info)", null, null));
            rows.Add(new Row("peak resident memory (whole run)", "VmHWM", ResidentMegabytes(portal, "VmHWM:"), "MB", "(info)", null, null));
            rows.Add(new Row($"resident memory after the load, {quiet.TotalSeconds:F0} s quiet", "RSS", rss, "MB", "≤ 250 MB", rss <= 250, null));
            rows.Add(new Row("cold start to first page (existing site)", "time", coldStart, "s", "≤ 1.5 s", coldStart <= 1.5, null));
        }
        finally
        {
            if (portal is not null)
            {
                await StopAsync(portal);
            }

            await StopAsync(bare);
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        Print(rows, started.Elapsed);
        await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(new
        {
            machine = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), dotnet = Environment.Version.ToString(), loadAverage = LoadAverage() },
            seconds,
            rows = rows.Select(r => new
            {
                r.Name, r.Figure, value = Math.Round(r.Value, 3), r.Unit, r.Limit, met = r.Met,
                requestsPerSecond = r.Load is null ? (double?)null : Math.Round(r.Load.RequestsPerSecond),
                p50 = r.Load?.P50, p95 = r.Load?.P95, p99 = r.Load?.P99, errors = r.Load?.Errors, firstError = r.Load?.FirstError,
            }),
        }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Console.WriteLine($"JSON: {jsonPath}");
    }

    private static void Print(List<Row> rows, TimeSpan took)
    {
        Console.WriteLine();
        Console.WriteLine($"| {"measurement",-44} | {"req/s",8} | {"p50 ms",7} | {"p95 ms",7} | {"p99 ms",7} | {"errors",6} | {"figure",-22} | {"limit",-10} | met |");
        Console.WriteLine($"| {new string('-', 44)} | {new string('-', 8)} | {new string('-', 7)} | {new string('-', 7)} | {new string('-', 7)} | {new string('-', 6)} | {new string('-', 22)} | {new string('-', 10)} | --- |");
        foreach (var row in rows)
        {
            var load = row.Load;
            Console.WriteLine(FormattableString.Invariant(
                $"| {row.Name,-44} | {(load is null ? "" : load.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)),8} | {(load is null ? "" : load.P50.ToString("F2", CultureInfo.InvariantCulture)),7} | {(load is null ? "" : load.P95.ToString("F2", CultureInfo.InvariantCulture)),7} | {(load is null ? "" : load.P99.ToString("F2", CultureInfo.InvariantCulture)),7} | {(load is null ? "" : load.Errors.ToString(CultureInfo.InvariantCulture)),6} | {row.Figure + " " + row.Value.ToString(row.Unit == "ms" ? "F3" : "F1", CultureInfo.InvariantCulture) + " " + row.Unit,-22} | {row.Limit,-10} | {(row.Met is null ? "" : row.Met.Value ? "yes" : "NO"),-3} |"));
            if (load?.FirstError is { } error)
            {
                Console.WriteLine($"|   first error: {error}");
            }
        }

        Console.WriteLine($"{rows.Count(r => r.Met == true)} of {rows.Count(r => r.Met is not null)} limits met; {took.TotalMinutes:F1} min; load average now {LoadAverage()}");
    }

    /// <summary>A signed-in person's cookies (as a Cookie header), through the real sign-in form.</summary>
    internal static async Task<string> SignInAsync(Uri portal, string userName)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = portal };
        var page = await client.GetStringAsync("/account/sign-in");
        var token = TokenPattern().Match(page).Groups[1].Value;
        var form = FormFields().Matches(page).Select(m => m.Groups[1].Value).ToList();
        string Field(params string[] hints) => form.First(name => hints.Any(h => name.Contains(h, StringComparison.OrdinalIgnoreCase)));
        using var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            [Field("user", "email", "login")] = userName,
            [Field("password")] = Password,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect && response.StatusCode != HttpStatusCode.Found)
        {
            throw new InvalidOperationException($"Signing in as {userName} answered {(int)response.StatusCode}.");
        }

        return cookies.GetCookieHeader(portal);
    }

    /// <summary>The two writers of the mixed load: the member's forum thread and the mentor's pair, found on their pages.</summary>
    private static async Task<MixedWrites> WritesAsync(HttpClient client, string member, string mentor)
    {
        async Task<string> PageAsync(string path, string cookie)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync();
        }

        var thread = ThreadLink().Match(await PageAsync("/community", member)).Groups[1].Value;
        var pair = PairLink().Match(await PageAsync("/mentoring", mentor)).Groups[1].Value;
        if (thread.Length == 0 || pair.Length == 0)
        {
            throw new InvalidOperationException("The demo site has no forum thread for the member or no pair for the mentor.");
        }

        var replyToken = TokenPattern().Match(await PageAsync(thread, member)).Groups[1].Value;
        return new MixedWrites(member, mentor, thread, pair, replyToken, PageAsync);
    }

    private sealed class MixedWrites(string member, string mentor, string thread, string pair, string replyToken,
        Func<string, string, Task<string>> page)
    {
        public HttpRequestMessage Reply(long i)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, thread + "/reply")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = replyToken,
                    ["Reply.Key"] = Guid.NewGuid().ToString("N"),
                    ["Reply.Text"] = $"多謝大家分享，我哋上個月試過同樣嘅方法。Thank you for sharing ({i}, {Environment.TickCount64}).",
                }),
            };
            request.Headers.Add("Cookie", member);
            return request;
        }

        public async Task<HttpRequestMessage> MeetingAsync()
        {
            var form = await page(pair, mentor);
            var at = form.IndexOf("action=\"" + pair + "/meetings\"", StringComparison.Ordinal);
            var part = at < 0 ? form : form[at..];
            var request = new HttpRequestMessage(HttpMethod.Post, pair + "/meetings")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = TokenPattern().Match(part).Groups[1].Value,
                    ["version"] = VersionField().Match(part).Groups[1].Value,
                    ["Meeting.Held"] = HeldField().Match(part).Groups[1].Value,
                    ["Meeting.Minutes"] = "45",
                    ["Meeting.Topics"] = "義工招募 volunteer recruitment",
                    ["Meeting.SharedNotes"] = "傾咗下個月嘅分享會。",
                }),
            };
            request.Headers.Add("Cookie", mentor);
            return request;
        }
    }

    private static async Task<(string Article, string Course)> FindDemoPagesAsync(HttpClient client)
    {
        var kb = await client.GetStringAsync("/kb");
        var academy = await client.GetStringAsync("/academy");
        var article = ArticleLink().Match(kb).Groups[1].Value;
        var course = CourseLink().Match(academy).Groups[1].Value;
        if (article.Length == 0 || course.Length == 0)
        {
            throw new InvalidOperationException("The demo site has no knowledge article or no course.");
        }

        return (article, course);
    }

    private static async Task<bool> PublishAsync(string root, string publishDir)
    {
        var start = new ProcessStartInfo("dotnet", ["publish", Path.Combine(root, "src", "Portal", "Portal.csproj"), "-c", "Release", "-o", publishDir, "-nologo", "-clp:ErrorsOnly"])
        {
            WorkingDirectory = root,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start.");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"dotnet publish src/Portal -c Release failed (exit {process.ExitCode}).");
            return false;
        }

        return true;
    }

    internal static Process StartPortal(string dll, string root, string dataDir, int port, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            WorkingDirectory = Path.Combine(root, "src", "Portal"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Staging";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Portal__DataDir"] = dataDir;
        start.Environment["Portal__PublicBaseUrl"] = $"http://127.0.0.1:{port}";
        start.Environment["Portal__DemoPassword"] = Password;
        start.Environment["Portal__RateLimits__AnonymousSearchPerSecond"] = "1000000";
        start.Environment["Portal__RateLimits__SignedInSearchPerSecond"] = "1000000";
        start.Environment["Portal__RateLimits__SignInPerMinute"] = "1000";
        start.Environment["Portal__RateLimits__PostingIntervalSeconds"] = "0";
        start.Environment["Portal__RateLimits__RegistrationsPerHour"] = "100000";
        start.Environment["Portal__RateLimits__RegistrationAttemptsPerHour"] = "100000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The portal did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine("portal: " + line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>This program again, as the bare endpoint (<c>bare PORT</c>).</summary>
    private static Process StartBare(int port)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!, ["bare", port.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("The bare endpoint did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    /// <summary><c>bare PORT</c>: Kestrel answering every request with the same 3 KB HTML page.</summary>
    public static async Task RunBareAsync(string[] args)
    {
        var port = args.Length > 0 && int.TryParse(args[0], out var p) ? p : 5099;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        var app = builder.Build();
        var page = System.Text.Encoding.UTF8.GetBytes("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>bare</title></head><body>"
            + string.Concat(Enumerable.Repeat("<p>A fixed paragraph of text standing in for a page of the portal.</p>", 42)) + "</body></html>");
        app.Run(context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength = page.Length;
            return context.Response.Body.WriteAsync(page).AsTask();
        });
        await app.RunAsync();
    }

    internal static async Task WaitForPageAsync(int port, TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await client.GetAsync($"http://127.0.0.1:{port}/");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Nothing answered on port {port} within {timeout.TotalSeconds:F0} s.");
            }

            await Task.Delay(20);
        }
    }

    internal static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            // SIGTERM first (the portal stops cleanly), then kill.
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static double ResidentMegabytes(Process process, string field = "VmRSS:")
    {
        var status = File.ReadAllLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return status is null ? double.NaN : double.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Portal.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run from the repository (Portal.slnx not found above the benchmark).");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    internal static partial Regex TokenPattern();

    [GeneratedRegex("<input[^>]*name=\"([^\"]+)\"")]
    private static partial Regex FormFields();

    [GeneratedRegex("href=\"(/community/threads/[0-9]+)\"")]
    private static partial Regex ThreadLink();

    [GeneratedRegex("href=\"(/mentoring/pairs/[0-9]+)\"")]
    private static partial Regex PairLink();

    [GeneratedRegex("name=\"version\" value=\"([0-9]+)\"")]
    private static partial Regex VersionField();

    [GeneratedRegex("name=\"Meeting.Held\" type=\"datetime-local\" value=\"([^\"]+)\"")]
    private static partial Regex HeldField();

    [GeneratedRegex("href=\"(/kb/articles/[a-z0-9-]+)\"")]
    private static partial Regex ArticleLink();

    [GeneratedRegex("href=\"(/academy/courses/[a-z0-9-]+)\"")]
    private static partial Regex CourseLink();
}
