using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Content;
using Portal.Forum;
using Portal.Forum.Data;
using Portal.Forum.Models;
using Portal.Forum.Services;

namespace Portal.Benchmarks;

/// <summary>
/// The peer forum at scale: 10 communities, 20,000 members (each in one or two communities), 500 threads and
/// 100,000 posts (200 per thread) with reactions, in a SQLite file. Times a thread page of 20 replies (any page of a
/// thread) and a community's front page of 20 threads, each as a member sees them: the member's communities are read
/// and the access rules applied on every call, as the pages do (target p95 ≤ 20 ms each).
/// <c>dotnet run -c Release --project tests/Portal.Benchmarks -- forum [iterations]</c>
/// </summary>
public static class ForumBenchmark
{
    private const int Communities = 10;
    private const int Members = 20_000;
    private const int Threads = 500;
    private const int PostsPerThread = 200;

    public static async Task RunAsync(string[] args)
    {
        var iterations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 300;
        var folder = Directory.CreateTempSubdirectory("forum-bench-");
        var path = Path.Combine(folder.FullName, "portal.db");
        try
        {
            var (services, configuration) = ModuleBenchmarkHost.Create(path);
            services.AddSingleton<IMarkdownRenderer, NoMarkdown>();
            services.AddForumServices(configuration);
            await using var provider = services.BuildServiceProvider();

            var seed = System.Diagnostics.Stopwatch.StartNew();
            var (communityIds, topicIds) = await SeedAsync(provider);
            Console.WriteLine($"seeded {Communities} communities, {Members:N0} members, {Threads} threads, {Threads * PostsPerThread:N0} posts in {seed.Elapsed.TotalSeconds:F1} s ({new FileInfo(path).Length / 1024 / 1024} MB)");

            var random = new Random(7);
            var thread = await BenchmarkStats.TimeAsync(iterations, 30, async i =>
            {
                var topicId = topicIds[random.Next(topicIds.Count)];
                var member = $"member-{(int)((topicId - 1) % Communities):D1}-{random.Next(0, 2000):D5}";
                await using var scope = provider.CreateAsyncScope();
                var viewer = await scope.ServiceProvider.GetRequiredService<ForumAccess>().MemberViewerAsync(member);
                var view = await scope.ServiceProvider.GetRequiredService<ForumService>().ThreadAsync(topicId, viewer, 1 + random.Next(0, PostsPerThread / 20), default)
                    ?? throw new InvalidOperationException($"{member} cannot see thread {topicId}");
                if (view.Posts.Count != 20)
                {
                    throw new InvalidOperationException($"expected 20 posts, got {view.Posts.Count}");
                }
            });
            var front = await BenchmarkStats.TimeAsync(iterations, 30, async _ =>
            {
                var index = random.Next(Communities);
                var member = $"member-{index:D1}-{random.Next(0, 1000):D5}";
                await using var scope = provider.CreateAsyncScope();
                var forum = scope.ServiceProvider.GetRequiredService<ForumService>();
                var viewer = await scope.ServiceProvider.GetRequiredService<ForumAccess>().MemberViewerAsync(member);
                var community = await forum.FindCommunityAsync($"community-{index}", default) ?? throw new InvalidOperationException("no community");
                var page = await forum.CommunityPageAsync(community, viewer, 1 + random.Next(0, 2), default);
                if (page.Topics.Count != 20)
                {
                    throw new InvalidOperationException($"expected 20 threads, got {page.Topics.Count}");
                }
            });

            var threadP95 = BenchmarkStats.Percentile(thread, 95);
            var frontP95 = BenchmarkStats.Percentile(front, 95);
            Console.WriteLine($"thread page, 20 replies:       {BenchmarkStats.Summary(thread)}   limit p95 ≤ 20 ms   {(threadP95 <= 20 ? "OK" : "OVER")}");
            Console.WriteLine($"community front page, 20 threads: {BenchmarkStats.Summary(front)}   limit p95 ≤ 20 ms   {(frontP95 <= 20 ? "OK" : "OVER")}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Seeds the forum; <paramref name="from"/> moves the whole forum's dates (the impact benchmark puts them
    /// in the year it measures).</summary>
    internal static async Task<(List<long> Communities, List<long> Topics)> SeedAsync(IServiceProvider provider, DateTimeOffset? from = null)
    {
        var start = from ?? new DateTimeOffset(2025, 1, 1, 2, 0, 0, TimeSpan.Zero);
        var conditions = Vocabulary.Conditions.Select(c => c.Slug).ToList();
        List<long> communityIds;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
            await db.Database.EnsureCreatedAsync();
            for (var c = 0; c < Communities; c++)
            {
                var community = Community.Create($"community-{c}", conditions[c % conditions.Count], start);
                community.Describe($"社群 {c}", $"Community {c}", "簡介", "About", "守則", "Guidelines", c);
                db.Communities.Add(community);
            }

            await db.SaveChangesAsync();
            communityIds = await db.Communities.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
        }

        // 20,000 members: member-{community}-{n}, 2,000 per community; every fifth also joins the next community.
        // 500 threads (50 per community), 200 posts each, a reaction on every third post.
        var topicIds = await ForumSeeder.SeedAsync(provider, new ForumSeedPlan
        {
            CommunityIds = communityIds,
            Conditions = [.. Enumerable.Range(0, Communities).Select(c => conditions[c % conditions.Count])],
            Members = Members,
            MemberId = i => $"member-{i % Communities:D1}-{i / Communities:D5}",
            Threads = Threads,
            PostsInThread = _ => PostsPerThread,
            Start = start,
        });

        return (communityIds, topicIds);
    }

    private sealed class NoMarkdown : IMarkdownRenderer
    {
        public string ToSafeHtml(string? markdown) => markdown ?? "";

        public string ToPlainText(string? markdown) => markdown ?? "";
    }
}
