using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Data;
using Portal.Search;
using Portal.Search.Analysis;
using Portal.Search.Data;
using Portal.Search.Indexing;
using Portal.Search.Querying;
using Portal.Search.Services;

namespace Portal.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Portal.Benchmarks -- search [sizes…]</c> (default 10000 100000).
/// Builds a deterministic synthetic bilingual corpus, rebuilds the index through the module's indexing pipeline,
/// then times the same queries through the module's query service (audience filter, facets, highlighting) and
/// through raw Lucene.Net (classic parser on the bigram field, AND, top 10, stored fields loaded) on the same index in the same run.
/// <c>SEARCH_BENCH_PER_QUERY=1</c> adds a per-query table; <c>SEARCH_BENCH_STAGES=1</c> splits a search into stages.
/// </summary>
public static class SearchBenchmark
{
    private const int Rounds = 20;

    private static readonly string[] Queries =
    [
        "互助", "照顧者", "自助組織", "助", "病", "長期病患", "情緒支援", "社區資源", "家屬", "籌款活動",
        "义工", "社区", "volunteer", "fundraising", "carer", "mental health", "support group", "leadership",
        "照顧者 stress", "互助 volunteer", "糖尿病 diet", "advocacy 倡議", "wellbeing", "精神健康", "康復",
        "小組領袖", "資助申請", "peer support", "self-help", "caregiver 壓力",
    ];

    public static async Task RunAsync(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [10_000, 100_000];
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        Console.WriteLine($"Search benchmark: {Environment.ProcessorCount} cores (load average at start: {load}), {Queries.Length} queries × {Rounds} rounds per size (interleaved), anonymous visitor (public audience).");
        foreach (var size in sizes)
        {
            await RunSizeAsync(size);
        }
    }

    private static async Task RunSizeAsync(int size)
    {
        var root = Path.Combine(Path.GetTempPath(), "portal-search-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var source = new SyntheticSource(size);
            var services = BuildServices(root, source);
            await using (services)
            {
                using (var scope = services.CreateScope())
                {
                    scope.ServiceProvider.GetRequiredService<SearchDbContext>().Database.EnsureCreated();
                    var db = scope.ServiceProvider.GetRequiredService<SearchDbContext>();
                    db.Synonyms.Add(SynonymGroup("照顧者, 護老者, carer, caregiver"));
                    db.Synonyms.Add(SynonymGroup("義工, volunteer, 志願者"));
                    await db.SaveChangesAsync();
                }

                var updater = services.GetRequiredService<IndexUpdater>();
                var index = services.GetRequiredService<SearchIndex>();
                index.Open();

                var rebuild = Stopwatch.StartNew();
                await updater.RebuildAsync(null, CancellationToken.None);
                rebuild.Stop();
                Console.WriteLine();
                Console.WriteLine($"== {size:N0} documents == (load average now: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")})");
                Console.WriteLine($"full rebuild: {rebuild.Elapsed.TotalSeconds:0.0} s ({size / rebuild.Elapsed.TotalSeconds:N0} docs/s){(size >= 100_000 ? rebuild.Elapsed.TotalSeconds <= 60 ? "  [target ≤ 60 s: met]" : "  [target ≤ 60 s: NOT met]" : "")}");

                // Incremental: 1,000 changed items through the log (enqueue + batch apply + commit).
                var changed = Enumerable.Range(0, 1000).Select(i => new IndexChange(SyntheticSource.Name, (i * 7 % size).ToString(CultureInfo.InvariantCulture))).ToList();
                var incremental = Stopwatch.StartNew();
                using (var scope = services.CreateScope())
                {
                    await scope.ServiceProvider.GetRequiredService<IIndexingQueue>().EnqueueAsync(changed);
                }

                await updater.CatchUpAsync(CancellationToken.None);
                incremental.Stop();
                Console.WriteLine($"incremental: 1,000 changes logged and applied in {incremental.Elapsed.TotalMilliseconds:N0} ms ({1000 / incremental.Elapsed.TotalSeconds:N0} items/s)");

                var query = services.GetRequiredService<SearchQueryService>();
                IReadOnlyCollection<string> audiences = [SearchVisibility.PublicAudience];
                var parser = new QueryParser(SearchAnalyzers.Version, SearchFields.Text, SearchAnalyzers.Bigram) { AutoGeneratePhraseQueries = true, DefaultOperator = Operator.AND };
                Func<string, Task<int>> viaService = async q => (await query.SearchAsync(new SearchRequest { Query = q, Log = false }, audiences)).Total;
                Func<string, Task<int>> viaRaw = q =>
                {
                    var searcher = index.AcquireSearcher();
                    try
                    {
                        var top = searcher.Search(parser.Parse(QueryParserBase.Escape(q)), 10);
                        foreach (var hit in top.ScoreDocs)
                        {
                            var doc = searcher.Doc(hit.Doc);
                            _ = doc.Get(SearchFields.Title);
                            _ = doc.Get(SearchFields.Body);
                        }

                        return Task.FromResult(top.TotalHits);
                    }
                    finally
                    {
                        index.ReleaseSearcher(searcher);
                    }
                };

                // The same logical query as the service builds it (synonyms, stemmed English field, phrases), run on raw
                // Lucene: top 10 and stored fields only. Service / this = the service's own overhead (audience filter,
                // facets, highlighting, query building), as opposed to its richer matching.
                var synonymSource = services.GetRequiredService<ISynonymSource>();
                Func<string, Task<int>> viaRawSameQuery = async q =>
                {
                    var built = new SearchQueryBuilder(await synonymSource.GetAsync()).Build(q)!;
                    var searcher = index.AcquireSearcher();
                    try
                    {
                        var top = searcher.Search(built.Strict, 10);
                        foreach (var hit in top.ScoreDocs)
                        {
                            var doc = searcher.Doc(hit.Doc);
                            _ = doc.Get(SearchFields.Title);
                            _ = doc.Get(SearchFields.Body);
                        }

                        return top.TotalHits;
                    }
                    finally
                    {
                        index.ReleaseSearcher(searcher);
                    }
                };

                // Time the settled index: the commits above start segment merges in the background, which would
                // otherwise take a core from the first timings.
                index.WaitForMerges();
                GC.Collect();

                // Interleaved (service, raw, service, raw…) so that load from other processes hits both alike.
                var (service, raw) = await TimeAsync(viaService, viaRaw);
                var (serviceAgain, rawSame) = await TimeAsync(viaService, viaRawSameQuery);

                if (Environment.GetEnvironmentVariable("SEARCH_BENCH_STAGES") == "1")
                {
                    await StagesAsync(index, synonymSource, query);
                }

                if (Environment.GetEnvironmentVariable("SEARCH_BENCH_PER_QUERY") == "1")
                {
                    foreach (var q in Queries)
                    {
                        SearchResult r = SearchResult.Empty(q, 1, 10);
                        var sw = Stopwatch.StartNew();
                        for (var i = 0; i < 20; i++)
                        {
                            r = await query.SearchAsync(new SearchRequest { Query = q, Log = false }, audiences);
                        }

                        var serviceMs = sw.Elapsed.TotalMilliseconds / 20;
                        var rawHits = 0;
                        sw.Restart();
                        for (var i = 0; i < 20; i++)
                        {
                            rawHits = await viaRaw(q);
                        }

                        var rawMs = sw.Elapsed.TotalMilliseconds / 20;
                        sw.Restart();
                        for (var i = 0; i < 20; i++)
                        {
                            await viaRawSameQuery(q);
                        }

                        var sameMs = sw.Elapsed.TotalMilliseconds / 20;
                        Console.WriteLine($"  {q,-16} service {serviceMs,6:0.00} ms ({r.Total,6:N0} hits{(r.Relaxed ? ", relaxed" : "")})  raw {rawMs,6:0.00} ms ({rawHits,6:N0})  same query raw {sameMs,6:0.00} ms  ratio {serviceMs / rawMs:0.0}×");
                    }
                }

                Console.WriteLine($"portal search service: p50 {service.P50:0.00} ms  p95 {service.P95:0.00} ms  p99 {service.P99:0.00} ms  (mean hits {service.MeanHits:N0})");
                Console.WriteLine($"raw Lucene.Net       : p50 {raw.P50:0.00} ms  p95 {raw.P95:0.00} ms  p99 {raw.P99:0.00} ms  (mean hits {raw.MeanHits:N0})");
                var ratio = service.P95 / Math.Max(raw.P95, 0.001);
                Console.WriteLine($"ratio p95 service/raw: {ratio:0.00}×{(size >= 100_000 ? $"  [targets p95 ≤ 5 ms: {(service.P95 <= 5 ? "met" : "NOT met")}; ≤ 2× raw: {(ratio <= 2 ? "met" : "NOT met")}]" : "")}");
                Console.WriteLine($"raw Lucene.Net, the service's own query: p50 {rawSame.P50:0.00} ms  p95 {rawSame.P95:0.00} ms  (mean hits {rawSame.MeanHits:N0}); service in the same pass p95 {serviceAgain.P95:0.00} ms; ratio p95 {serviceAgain.P95 / Math.Max(rawSame.P95, 0.001):0.00}× (the service's overhead alone)");
                services.GetRequiredService<SearchIndex>().Dispose();
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(root, true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// <c>SEARCH_BENCH_STAGES=1</c>: where a search's time goes, each stage adding one step to the one before
    /// (the service's own query, then the audience filter, facet counting, reading what a hit shows, highlighting).
    /// </summary>
    private static async Task StagesAsync(SearchIndex index, ISynonymSource synonymSource, SearchQueryService service)
    {
        var whole = new List<double>();
        for (var round = 0; round < 23; round++)
        {
            foreach (var q in Queries)
            {
                var start = Stopwatch.GetTimestamp();
                await service.SearchAsync(new SearchRequest { Query = q, Log = false }, [SearchVisibility.PublicAudience]);
                if (round >= 3)
                {
                    whole.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        }

        whole.Sort();
        Console.WriteLine($"  stage whole service    p50 {Percentile(whole, 0.5):0.00} ms  p95 {Percentile(whole, 0.95):0.00} ms");

        var set = await synonymSource.GetAsync();
        var filter = SearchQueryService.BuildFilter([SearchVisibility.PublicAudience], new Dictionary<string, IReadOnlyList<string>>());
        TopDocs TopWithFacets(IndexSearcher s, BuiltQuery b)
        {
            var top = TopScoreDocCollector.Create(10, false);
            s.Search(b.Strict, filter, MultiCollector.Wrap(top, new FacetCountingCollector()));
            return top.GetTopDocs();
        }

        var stages = new (string Name, Action<IndexSearcher, BuiltQuery> Run)[]
        {
            ("query top10", (s, b) => s.Search(b.Strict, 10)),
            ("+filter", (s, b) => s.Search(b.Strict, filter, 10)),
            ("+filter+facets", (s, b) => TopWithFacets(s, b)),
            ("count only", (s, b) => s.Search(b.Strict, filter, new TotalHitCountCollector())),
            ("+stored fields", (s, b) =>
            {
                foreach (var d in TopWithFacets(s, b).ScoreDocs)
                {
                    var doc = s.Doc(d.Doc);
                    _ = doc.Get(SearchFields.Title);
                    _ = doc.Get(SearchFields.Body);
                }
            }),
            ("+display values", (s, b) =>
            {
                foreach (var d in TopWithFacets(s, b).ScoreDocs)
                {
                    _ = HitDisplayCodec.Read(s.IndexReader, d.Doc, out _);
                }
            }),
            ("+highlight", (s, b) =>
            {
                foreach (var d in TopWithFacets(s, b).ScoreDocs)
                {
                    var display = HitDisplayCodec.Read(s.IndexReader, d.Doc, out _);
                    _ = SnippetHighlighter.Highlight(display.Title, b.Terms, 500);
                    _ = SnippetHighlighter.Highlight(display.Body, b.Terms, 160);
                }
            }),
        };
        foreach (var (name, run) in stages)
        {
            var samples = new List<double>();
            for (var round = 0; round < 23; round++)
            {
                foreach (var q in Queries)
                {
                    var start = Stopwatch.GetTimestamp();
                    var built = new SearchQueryBuilder(set).Build(q)!;
                    var searcher = index.AcquireSearcher();
                    run(searcher, built);
                    index.ReleaseSearcher(searcher);
                    if (round >= 3)
                    {
                        samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                }
            }

            samples.Sort();
            Console.WriteLine($"  stage {name,-16} p50 {Percentile(samples, 0.5):0.00} ms  p95 {Percentile(samples, 0.95):0.00} ms");
        }
    }

    private static Portal.Search.Models.SynonymGroup SynonymGroup(string line) =>
        Portal.Search.Models.SynonymGroup.TryCreate(line, DateTimeOffset.UtcNow)!;

    private sealed record Timing(double P50, double P95, double P99, double MeanHits);

    private static async Task<(Timing Service, Timing Raw)> TimeAsync(Func<string, Task<int>> service, Func<string, Task<int>> raw)
    {
        // Warm-up: JIT, caches, memory-mapped files. At least three rounds and three seconds: .NET re-compiles hot
        // methods with full optimisation on a background thread after they have run a while, and that compilation
        // would otherwise land in (and slow) the timed rounds.
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; i < 3 || warmUp.Elapsed < TimeSpan.FromSeconds(3); i++)
        {
            foreach (var q in Queries)
            {
                await service(q);
                await raw(q);
            }
        }

        var serviceSamples = new List<double>(Queries.Length * Rounds);
        var rawSamples = new List<double>(Queries.Length * Rounds);
        long serviceHits = 0, rawHits = 0;
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var q in Queries)
            {
                var start = Stopwatch.GetTimestamp();
                serviceHits += await service(q);
                serviceSamples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                start = Stopwatch.GetTimestamp();
                rawHits += await raw(q);
                rawSamples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        return (Summarise(serviceSamples, serviceHits), Summarise(rawSamples, rawHits));
    }

    private static Timing Summarise(List<double> samples, long hits)
    {
        samples.Sort();
        return new Timing(Percentile(samples, 0.50), Percentile(samples, 0.95), Percentile(samples, 0.99), (double)hits / samples.Count);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static ServiceProvider BuildServices(string root, SyntheticSource source)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddSingleton<IDataFolder>(new BenchDataFolder(root));
        services.AddSingleton<IPortalDatabase>(new BenchDatabase(Path.Combine(root, "portal.db")));
        services.AddSearchCore();
        services.Configure<SearchOptions>(o => o.LogSettleDelay = TimeSpan.Zero);
        services.AddSingleton<ISearchDocumentSource>(source);
        return services.BuildServiceProvider();
    }

    private sealed class BenchDataFolder(string root) : IDataFolder
    {
        public string Root { get; } = root;

        public string GetFolder(params string[] parts)
        {
            var path = Path.Combine([Root, .. parts]);
            Directory.CreateDirectory(path);
            return path;
        }
    }

    private sealed class BenchDatabase(string file) : IPortalDatabase
    {
        public DatabaseProvider Provider => DatabaseProvider.Sqlite;

        public void Configure(DbContextOptionsBuilder options) => options.UseSqlite($"Data Source={file}");
    }

    /// <summary>Deterministic bilingual documents: 70% Traditional Chinese, 30% English; 80% public, 10% members, 10% a community.</summary>
    private sealed class SyntheticSource(int size) : ISearchDocumentSource
    {
        public const string Name = "bench";

        private const string CommonCharacters =
            "的一是不了人我在有他這中大來上國個到說們為子和你地出道也時年得就那要下以生會自著去之過家學對可她裡後小麼心多天而能好都然沒日於起還發成事只作當想看文無開手十用主行方又如前所本見經頭面公同三已老從動兩長知民樣現分將外但身些與高意進把法此實回二理美點月明其種聲全工己話兒者向情部正名定女問力機給等幾很業最間新什打便位因重被走電四第門相次東政海口使教西再平真聽世氣信北少關並內加化由卻代軍產入先山五太水萬市眼體別處總才場師書比住員九笑性通目華報立馬命張活難神數件安表原車白應路期叫死常提感金何更反合放做系計或司利受光王果親界及今京務制解各任至清物台象記邊共風戰干接它許八特覺望直服毛林題建南度統色字請交愛讓認算論百吃義科怎元社術結六功指思非流每青管夫連遠資隊跟帶花快條院變聯言權往展該領傳近留紅治決周保達辦運武半候七必城父強步完革深區即求品士轉量空甚眾技輕程告江語英基派滿式李息寫呢識極令黃德收臉錢黨倒未持取設始版雙歷越史商千片容研像找友孩站廣改議形委早房音火際則首單據導影失拿網香似斯專石若兵弟誰校讀志飛觀爭究包組造落視濟喜離雖壞兒";

        private static readonly string[] DomainChinese =
        [
            "互助", "小組", "照顧者", "護老者", "自助組織", "長期病患", "情緒支援", "社區資源", "家屬", "籌款活動", "義工", "社區",
            "精神健康", "康復", "小組領袖", "資助申請", "糖尿病", "飲食", "倡議", "壓力", "分享", "經驗", "醫生", "護士", "復康",
            "服務", "中心", "活動", "會員", "聚會", "講座", "培訓", "課程", "病友", "關懷", "探訪", "熱線", "輔導", "社工", "政策",
            "溝通", "技巧", "領導", "管理", "財務", "報告", "計劃", "評估", "成效", "影響", "參與", "招募", "宣傳", "網絡", "合作",
            "夥伴", "機構", "基金", "捐款", "透明", "問責", "治理", "會議", "紀錄", "議程", "選舉", "章程", "保險", "私隱", "安全",
            "長者", "兒童", "青少年", "婦女", "家庭", "照護", "住院", "出院", "藥物", "副作用", "治療", "檢查", "診斷", "症狀", "預防",
            "運動", "睡眠", "營養", "休息", "暫託", "日間", "院舍", "輪椅", "助聽器", "互聯網", "視障", "聽障", "中風", "癌症", "柏金遜",
        ];

        private static readonly string[] DomainEnglish =
        [
            "support", "group", "carer", "caregiver", "volunteer", "volunteering", "fundraising", "leadership", "mental", "health",
            "self-help", "peer", "community", "resources", "wellbeing", "advocacy", "policy", "stress", "diet", "diabetes", "stroke",
            "cancer", "recovery", "training", "course", "meeting", "members", "family", "elderly", "youth", "partners", "grant",
            "application", "report", "impact", "evaluation", "sharing", "experience", "nurse", "doctor", "hotline", "counselling",
            "social", "worker", "respite", "care", "treatment", "medicine", "exercise", "sleep", "nutrition", "privacy", "governance",
        ];

        private static readonly string[] ChineseWords = Vocabulary(DomainChinese, GeneratedChinese(3000), 11);
        private static readonly string[] EnglishWords = Vocabulary(DomainEnglish, GeneratedEnglish(1500), 13);

        /// <summary>Generated words with the domain words spread through the frequency ranks.</summary>
        private static string[] Vocabulary(string[] domain, string[] generated, int step)
        {
            var words = new List<string>(generated);
            for (var i = 0; i < domain.Length; i++)
            {
                words.Insert(Math.Min(words.Count, 5 + (i * step)), domain[i]);
            }

            return [.. words];
        }

        private static string[] GeneratedChinese(int count)
        {
            var random = new Random(1234);
            return [.. Enumerable.Range(0, count).Select(_ => string.Concat(Enumerable.Range(0, random.Next(2, 4)).Select(_ => CommonCharacters[random.Next(CommonCharacters.Length)])))];
        }

        private static string[] GeneratedEnglish(int count)
        {
            string[] syllables = ["ka", "lo", "mi", "ren", "tor", "vel", "sa", "pon", "dri", "ga", "lin", "mer", "qua", "sto", "ber", "ni", "fal", "ho", "zen", "tri"];
            var random = new Random(4321);
            return [.. Enumerable.Range(0, count).Select(_ => string.Concat(Enumerable.Range(0, random.Next(2, 4)).Select(_ => syllables[random.Next(syllables.Length)])))];
        }

        /// <summary>Zipf-like choice: low ranks are common, high ranks rare.</summary>
        private static string Pick(Random random, string[] words) => words[(int)(words.Length * Math.Pow(random.NextDouble(), 2.5))];

        private static readonly string[] Categories = ["leadership", "management", "fundraising", "advocacy", "mutual-aid", "conditions", "toolkits", "stories"];
        private static readonly string[] Conditions = ["diabetes", "stroke", "cancer", "parkinsons", "mental-health", "dementia", "hearing", "vision"];

        public string Source => Name;

        public async IAsyncEnumerable<SearchDocument> GetAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            for (var i = 0; i < size; i++)
            {
                yield return Create(i);
            }

            await Task.CompletedTask;
        }

        public Task<SearchDocument?> GetAsync(string itemId, CancellationToken cancellationToken = default) =>
            Task.FromResult<SearchDocument?>(int.TryParse(itemId, CultureInfo.InvariantCulture, out var i) && i < size ? Create(i) : null);

        private static SearchDocument Create(int i)
        {
            var random = new Random(i * 7919 + 17);
            var english = random.Next(10) < 3;
            var words = english ? EnglishWords : ChineseWords;
            var separator = english ? " " : "";
            var title = string.Join(separator, Enumerable.Range(0, random.Next(3, 6)).Select(_ => Pick(random, words)));
            var body = new StringBuilder();
            for (var s = 0; s < random.Next(5, 9); s++)
            {
                body.Append(string.Join(separator, Enumerable.Range(0, random.Next(5, 10)).Select(_ => Pick(random, words))));
                body.Append(english ? ". " : "。");
            }

            var roll = random.Next(10);
            var visibility = roll < 8 ? SearchVisibility.Public : roll == 8 ? SearchVisibility.Roles("Member") : new SearchVisibility(["community:" + random.Next(20)]);
            return new SearchDocument
            {
                Id = Name + ":" + i.ToString(CultureInfo.InvariantCulture),
                Type = i % 5 == 0 ? "forum-post" : "kb-article",
                Culture = english ? "en" : "zh-HK",
                Title = title,
                Body = body.ToString(),
                Url = "/kb/articles/" + i.ToString(CultureInfo.InvariantCulture),
                UpdatedUtc = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i * 37 % 3_000_000),
                Visibility = visibility,
                Facets = new Dictionary<string, IReadOnlyList<string>>
                {
                    ["category"] = [Categories[random.Next(Categories.Length)]],
                    ["condition"] = [Conditions[random.Next(Conditions.Length)]],
                },
            };
        }
    }
}
