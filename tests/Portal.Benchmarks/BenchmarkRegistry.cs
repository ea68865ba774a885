namespace Portal.Benchmarks;

/// <summary>The module benchmarks. Each module adds one line here for its <c>{Module}Benchmark.RunAsync</c>.</summary>
internal static partial class BenchmarkRegistry
{
    public static void AddModuleBenchmarks(Dictionary<string, (string Description, Func<string[], Task> Run)> benchmarks)
    {
        benchmarks["search"] = ("search p50/p95/p99 at 10k/100k docs vs raw Lucene, indexing and rebuild", SearchBenchmark.RunAsync);
        benchmarks["relevance"] = ("search relevance: success@3 and MRR of the judged queries over the demo content (--all lists every query)", RelevanceBenchmark.RunAsync);
        benchmarks["academy"] = ("certificate PDF: ms per certificate, ratio to bare SkiaSharp, size", AcademyBenchmark.RunAsync);
        benchmarks["mentoring"] = ("mentor dashboard (30 mentees) p95 and staff report at 2,000 pairs / 50,000 meetings", MentoringBenchmark.RunAsync);
        benchmarks["forum"] = ("thread page (20 replies) and community front page p95 at 100k posts, 500 threads, 20k members", ForumBenchmark.RunAsync);
        benchmarks["forum-search"] = ("forum-search [posts]: a new thread or reply found by /api/search, saved-to-found p50/p95/max against 1 s (the built portal, real forms)", ForumSearchBenchmark.RunAsync);
        benchmarks["matching"] = ("partner suggestions for one need (5,000 partners, 2,000 open needs) p95 and the network page", MatchingBenchmark.RunAsync);
        benchmarks["all"] = ("the built portal under load, on a synthetic site of 20,000 members and 100,000 posts and articles (--small: the demo site): anonymous, search and signed-in pages, fixed cost, memory, cold start, beside the limits (issue 16)", SiteBenchmark.RunAsync);
        benchmarks["synthetic"] = ("synthetic DATA_DIR [PORTAL_DLL]: grows a stopped demo site to the scale 'all' measures and rebuilds its index", SyntheticSite.RunAsync);
        benchmarks["bare"] = ("bare PORT: the fixed 3 KB Kestrel page 'all' compares with", SiteBenchmark.RunBareAsync);
        benchmarks["load"] = ("load BASE_URL CONNECTIONS SECONDS PATH...: the HTTP load generator against a running site", LoadCommand.RunAsync);
        benchmarks["impact"] = ("impact dashboard for a year and the bilingual PDF, 20k enrolments", ImpactBenchmark.RunAsync);
    }
}
