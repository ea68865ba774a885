using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Academy;
using Portal.Content;
using Portal.Forum;
using Portal.Forum.Data;
using Portal.Knowledge.Data;
using Portal.Knowledge.Models;
using Portal.Mentoring;

namespace Portal.Benchmarks;

/// <summary>
/// The site <c>all</c> measures (issue 16): the demo site, set up by the portal from the demo recipe, grown to a
/// realistic scale in its own SQLite file while the portal is stopped, then indexed by the portal's own
/// <c>reindex</c> command. Deterministic (fixed seeds and ids; content dated 2025–2026, mentoring meetings up to the
/// day of the run so the pairs are active):
/// - 20,000 members who can sign in (Identity users with the demo member's password hash and roles; 200 of them
///   also mentors), each with a forum profile, in one of the eight demo communities (every fifth in two);
/// - 4,000 threads with 98,000 posts in those communities (about three in five in Chinese, the rest English; mostly
///   one to six sentences, one in eight long) and a reaction on every third post;
/// - 2,000 knowledge articles (1,000 subjects in both languages) in the demo categories: 100,000 articles and posts;
/// - 2,000 mentoring pairs (30 of them the demo mentor's, the rest between the synthetic mentors and 2,000
///   synthetic mentees), three goals, two action items and ten meetings each.
/// The module benchmarks' own seeders write the forum, the pairs and the articles (<see cref="ForumSeeder"/>,
/// <see cref="MentoringBenchmark.SeedAsync(IServiceProvider, MentoringSeedPlan)"/>,
/// <see cref="ImpactBenchmark.SeedKnowledgeAsync(IServiceProvider, int, string, Func{int, DateTimeOffset}, Func{int, ValueTuple{string, string, string, ArticleContent}})"/>)
/// through the modules' DbContexts; the users are plain SQL (20,000 password hashes would take minutes).
/// </summary>
internal static class SyntheticSite
{
    public const int Members = 20_000;
    public const int Mentors = 200;
    public const int Pairs = 2_000;
    public const int MeetingsPerPair = 10;
    public const int Threads = 4_000;
    public const int Articles = 2_000;

    private static readonly DateTimeOffset ContentStart = new(2025, 1, 1, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ContentEnd = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);

    /// <summary>5 to 44 posts a thread, 24.5 on average: 98,000 in 4,000 threads.</summary>
    private static int PostsInThread(int k) => 5 + (k * 17 % 40);

    public static string UserId(int i) => $"5e000000-0000-4000-8000-{i:D12}";

    public static string UserName(int i) => $"synthetic{i:D5}";

    /// <summary>What was written and how long it took, for the report.</summary>
    internal sealed record Summary(int Members, int Posts, int Articles, int Pairs, int Meetings, TimeSpan Seeding, TimeSpan Indexing, string IndexReport);

    /// <summary>
    /// Stops the portal (first start done: the demo site is set up), grows the site, rebuilds the search index with the
    /// portal's <c>reindex</c> command and prints what it did. Null with <c>--small</c> (the demo site only).
    /// </summary>
    public static async Task<Summary?> GrowAsync(string[] args, System.Diagnostics.Process portal, string portalDll, string root, string dataDir, int port)
    {
        if (args.Contains("--small"))
        {
            Console.WriteLine("--small: measuring the demo site only");
            return null;
        }

        await SiteBenchmark.StopAsync(portal);
        return await GrowStoppedAsync(portalDll, root, dataDir, port);
    }

    /// <summary>
    /// <c>synthetic DATA_DIR [PORTAL_DLL]</c>: grows a stopped demo site (a portal data folder set up from the demo recipe)
    /// to the synthetic site and rebuilds its index, to profile or explore the site at scale by hand.
    /// </summary>
    public static async Task RunAsync(string[] args)
    {
        if (args.Length == 0 || !File.Exists(Path.Combine(args[0], "portal.db")))
        {
            Console.WriteLine("Usage: synthetic DATA_DIR [PORTAL_DLL]: DATA_DIR holds a stopped demo site (portal.db).");
            return;
        }

        var root = SiteBenchmark.RepositoryRoot();
        var dll = args.Length > 1 ? args[1] : Path.Combine(root, "src", "Portal", "bin", "Release", "net10.0", "linux-x64", "Portal.dll");
        await GrowStoppedAsync(dll, root, Path.GetFullPath(args[0]), SiteBenchmark.FreePort());
    }

    private static async Task<Summary> GrowStoppedAsync(string portalDll, string root, string dataDir, int port)
    {
        Console.WriteLine($"growing the demo site to {Members:N0} members, {Threads * 49 / 2:N0} posts, {Articles:N0} articles, {Pairs:N0} pairs; load average {SiteBenchmark.LoadAverage()}");
        var seeding = Stopwatch.StartNew();
        var posts = await SeedAsync(Path.Combine(dataDir, "portal.db"));
        seeding.Stop();
        Console.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:F1} s ({new FileInfo(Path.Combine(dataDir, "portal.db")).Length / 1024 / 1024} MB); load average {SiteBenchmark.LoadAverage()}");

        // Rows written behind the portal's back are not in its indexing log: the supported way to index them is the
        // portal's own command (Search module, ReindexCommand), run on the stopped site as an operator would.
        var indexing = Stopwatch.StartNew();
        var output = new List<string>();
        using (var reindex = SiteBenchmark.StartPortal(portalDll, root, dataDir, port, "reindex"))
        {
            reindex.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { Length: > 0 } line)
                {
                    lock (output)
                    {
                        output.Add(line.Trim());
                    }
                }
            };
            await reindex.WaitForExitAsync();
            if (reindex.ExitCode != 0)
            {
                throw new InvalidOperationException($"reindex failed (exit {reindex.ExitCode}): {string.Join(" / ", output)}");
            }
        }

        indexing.Stop();
        string report;
        lock (output)
        {
            report = output.LastOrDefault(l => l.StartsWith("Done", StringComparison.Ordinal)) ?? string.Join(" / ", output.TakeLast(2));
        }

        Console.WriteLine($"search index rebuilt by `Portal.dll reindex` in {indexing.Elapsed.TotalSeconds:F1} s (the process, start-up included): {report}; load average {SiteBenchmark.LoadAverage()}");
        return new Summary(Members, posts, Articles, Pairs, Pairs * MeetingsPerPair, seeding.Elapsed, indexing.Elapsed, report);
    }

    /// <summary>Waits for <c>/health/ready</c> (the search index built and up to date), then checks that a synthetic
    /// member signs in with the demo password and sees their community page.</summary>
    public static async Task WaitUntilReadyAsync(Summary? summary, Uri portal)
    {
        using var client = new HttpClient { BaseAddress = portal, Timeout = TimeSpan.FromSeconds(10) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (waited.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException("/health/ready did not answer 200 within 5 minutes.");
            }

            await Task.Delay(100);
        }

        Console.WriteLine($"/health/ready answered 200 after {waited.Elapsed.TotalSeconds:F1} s");
        if (summary is not null)
        {
            var cookie = await SiteBenchmark.SignInAsync(portal, UserName(Members - 1));
            using var request = new HttpRequestMessage(HttpMethod.Get, "/community");
            request.Headers.Add("Cookie", cookie);
            using var page = await client.SendAsync(request);
            Console.WriteLine($"a synthetic member ({UserName(Members - 1)}) signed in; /community answered {(int)page.StatusCode}");
            page.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Writes the synthetic site into the stopped demo site's database; returns the number of posts.</summary>
    private static async Task<int> SeedAsync(string databasePath)
    {
        var connectionString = $"Data Source={databasePath}";
        var demo = SeedMembers(connectionString);
        var (services, configuration) = ModuleBenchmarkHost.Create(databasePath);
        services.AddSingleton<IMarkdownRenderer, PlainMarkdown>();
        services.AddForumServices(configuration);
        services.AddMentoringServices(configuration);
        services.AddAcademyServices(configuration);
        new Portal.Knowledge.Startup().ConfigureServices(services, configuration);
        await using var provider = services.BuildServiceProvider();

        List<(long Id, string Condition)> communities;
        List<long> categories;
        await using (var scope = provider.CreateAsyncScope())
        {
            var forum = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
            communities = [.. (await forum.Communities.OrderBy(c => c.Id).Select(c => new { c.Id, c.Condition }).ToListAsync()).Select(c => (c.Id, c.Condition))];
            categories = await scope.ServiceProvider.GetRequiredService<KnowledgeDbContext>().Categories.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
        }

        if (communities.Count == 0)
        {
            throw new InvalidOperationException("The demo site has no forum communities to grow.");
        }

        var step = Stopwatch.StartNew();
        await ForumSeeder.SeedAsync(provider, new ForumSeedPlan
        {
            CommunityIds = [.. communities.Select(c => c.Id)],
            Conditions = [.. communities.Select(c => c.Condition)],
            Members = Members,
            MemberId = UserId,
            DisplayName = SyntheticText.Name,
            Threads = Threads,
            PostsInThread = PostsInThread,
            Thread = (random, k) => (SyntheticText.Title(random, SyntheticText.Culture(k)), SyntheticText.Culture(k)),
            PostText = (random, _, _, culture) => SyntheticText.Post(random, culture),
            Start = ContentStart,
            ThreadSpacing = (ContentEnd - ContentStart) / Threads,
            PostSpacing = TimeSpan.FromHours(3),
            Seed = 2026,
        });
        Console.WriteLine($"  forum: {Members:N0} profiles and memberships, {Threads:N0} threads, {Enumerable.Range(0, Threads).Sum(PostsInThread):N0} posts in {step.Elapsed.TotalSeconds:F1} s");

        step.Restart();
        await ImpactBenchmark.SeedKnowledgeAsync(provider, Articles, demo["staff"], i => ContentStart + ((ContentEnd - ContentStart) * i / Articles), i =>
        {
            var subject = i / 2;
            var culture = i % 2 == 0 ? "zh-HK" : "en";
            var random = new Random(10_000 + i);
            return ($"guide-{subject:D4}-{(culture == "en" ? "en" : "zh")}", culture, $"guide-{subject:D4}", new ArticleContent
            {
                Title = SyntheticText.Title(random, culture),
                Summary = SyntheticText.Summary(random, culture),
                Body = SyntheticText.Article(random, culture),
                CategoryId = categories.Count == 0 ? null : categories[subject % categories.Count],
            });
        });
        Console.WriteLine($"  knowledge: {Articles:N0} articles in {step.Elapsed.TotalSeconds:F1} s");

        step.Restart();
        var today = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero);
        await MentoringBenchmark.SeedAsync(provider, new MentoringSeedPlan
        {
            Pairs = Pairs,
            Meetings = Pairs * MeetingsPerPair,
            // The demo mentor has 30 mentees (the mixed load logs their meetings); 200 synthetic mentors the rest.
            MentorId = i => i < 30 ? demo["mentor"] : UserId((i - 30) % Mentors),
            MenteeId = i => UserId(Mentors + i),
            StaffId = demo["staff"],
            Start = today.AddDays(-14),
            Now = today,
            SpreadMeetingsToNow = true,
            Goal = (g, id) => Goals[(int)((g + id) % Goals.Length)],
            Meeting = (m, id) => MeetingNotes[(int)((m + id) % MeetingNotes.Length)],
        });
        Console.WriteLine($"  mentoring: {Pairs:N0} pairs, {Pairs * MeetingsPerPair:N0} meetings in {step.Elapsed.TotalSeconds:F1} s");
        SqliteConnection.ClearAllPools();
        return Enumerable.Range(0, Threads).Sum(PostsInThread);
    }

    private static readonly (string Title, string Measure)[] Goals =
    [
        ("建立接班人名單 Build a successor list", "三位候選人同意接受培訓"),
        ("改善會員大會 Better general meetings", "Attendance above 40 members"),
        ("招募新義工", "Six new volunteers by the end of the year"),
        ("Apply for a community grant", "申請在截止日期前遞交"),
        ("學習處理財務報告", "Present the accounts at the committee meeting"),
    ];

    private static readonly (string Topics, string Notes)[] MeetingNotes =
    [
        ("義工招募 volunteer recruitment", "傾咗下個月嘅分享會。"),
        ("Committee roles", "We listed who could chair the next meeting."),
        ("財務報告", "一齊睇咗上年嘅收支，下次準備預算。"),
        ("Grant application", "Drafted the budget section together."),
        ("會員溝通", "Tried a WhatsApp broadcast list for reminders."),
    ];

    /// <summary>
    /// 20,000 Identity users by plain SQL in one transaction: every column copied from the demo member (so they sign in
    /// with the demo password, have confirmed e-mail addresses and have accepted the privacy notice), with their own
    /// ids, names, e-mail addresses and security stamps; the demo member's roles, and the Mentor role for the first 200.
    /// Returns the demo people's user ids by user name.
    /// </summary>
    private static Dictionary<string, string> SeedMembers(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        var demo = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var find = connection.CreateCommand())
        {
            find.CommandText = "SELECT UserName, Id FROM AspNetUsers WHERE UserName IN ('member', 'mentor', 'staff')";
            using var reader = find.ExecuteReader();
            while (reader.Read())
            {
                demo[reader.GetString(0)] = reader.GetString(1);
            }
        }

        if (demo.Count != 3)
        {
            throw new InvalidOperationException("The demo site lacks the demo member, mentor or staff account.");
        }

        var columns = new List<string>();
        var template = new Dictionary<string, object?>(StringComparer.Ordinal);
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT * FROM AspNetUsers WHERE Id = $id";
            read.Parameters.AddWithValue("$id", demo["member"]);
            using var reader = read.ExecuteReader();
            reader.Read();
            for (var c = 0; c < reader.FieldCount; c++)
            {
                columns.Add(reader.GetName(c));
                template[reader.GetName(c)] = reader.IsDBNull(c) ? null : reader.GetValue(c);
            }
        }

        using var tx = connection.BeginTransaction();
        using var insert = ImpactBenchmark.Command(connection, tx,
            $"INSERT INTO AspNetUsers ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "$" + c))})",
            [.. columns.Select(c => "$" + c)]);
        using var role = ImpactBenchmark.Command(connection, tx, "INSERT INTO AspNetUserRoles (UserId, RoleId) SELECT $user, RoleId FROM AspNetUserRoles WHERE UserId = $template", "$user", "$template");
        using var mentorRole = ImpactBenchmark.Command(connection, tx, "INSERT OR IGNORE INTO AspNetUserRoles (UserId, RoleId) SELECT $user, Id FROM AspNetRoles WHERE NormalizedName = 'MENTOR'", "$user");
        for (var i = 0; i < Members; i++)
        {
            var values = new Dictionary<string, object?>(template, StringComparer.Ordinal)
            {
                ["Id"] = UserId(i),
                ["UserName"] = UserName(i),
                ["NormalizedUserName"] = UserName(i).ToUpperInvariant(),
                ["Email"] = $"{UserName(i)}@synthetic.portal.hk",
                ["NormalizedEmail"] = $"{UserName(i)}@synthetic.portal.hk".ToUpperInvariant(),
                ["DisplayName"] = SyntheticText.Name(i),
                ["PreferredCulture"] = i % 3 == 2 ? "en" : "zh-HK",
                ["SecurityStamp"] = $"SYNTHETIC{i:D23}",
                ["ConcurrencyStamp"] = UserId(i),
                ["IsDemo"] = 0,
                ["UsesDefaultDemoPassword"] = 0,
                ["EmailConfirmed"] = 1,
                ["LastSignInUtc"] = null,
            };
            ImpactBenchmark.Run(insert, [.. columns.Select(c => values[c])]);
            ImpactBenchmark.Run(role, UserId(i), demo["member"]);
            if (i < Mentors)
            {
                ImpactBenchmark.Run(mentorRole, UserId(i));
            }
        }

        tx.Commit();
        Console.WriteLine($"  members: {Members:N0} accounts ({Mentors} mentors) with the demo member's password and roles");
        return demo;
    }

    private sealed class PlainMarkdown : IMarkdownRenderer
    {
        public string ToSafeHtml(string? markdown) => markdown ?? "";

        public string ToPlainText(string? markdown) => markdown ?? "";
    }
}
