using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Data;
using Portal.Search;
using Portal.Search.Data;
using Portal.Search.Querying;
using Portal.Search.Services;

namespace Portal.Benchmarks.Relevance;

/// <summary>How one judged query did: the rank (1-based) of each expected document (0: not in the first 10).</summary>
internal sealed record JudgedOutcome(Judgement Judgement, IReadOnlyList<string> Top, IReadOnlyList<int> Ranks, string? FollowedSuggestion, IReadOnlyList<string> ExcludedFound, int FirstRelevantRank)
{
    /// <summary>Every expected document in the top 3 and no excluded one anywhere.</summary>
    public bool Success => Ranks.All(r => r is >= 1 and <= 3) && ExcludedFound.Count == 0;

    /// <summary>1 / rank of the first right answer (expected or also relevant); 0 when none is in the first 10, or an excluded document appears.</summary>
    public double ReciprocalRank => ExcludedFound.Count > 0 || FirstRelevantRank == 0 ? 0 : 1.0 / FirstRelevantRank;
}

internal sealed record RelevanceReport(IReadOnlyList<JudgedOutcome> Outcomes)
{
    public double SuccessAt3 => Outcomes.Count(o => o.Success) / (double)Outcomes.Count;

    public double Mrr => Outcomes.Average(o => o.ReciprocalRank);
}

/// <summary>
/// Indexes <see cref="RelevanceCorpus"/> through the module's own pipeline (a temporary folder and SQLite file, the
/// starter synonym list) and runs <see cref="RelevanceJudgements"/> through the query service as an anonymous reader
/// on a page in the judgement's language.
/// </summary>
internal static class RelevanceEvaluator
{
    public static async Task<RelevanceReport> RunAsync(IReadOnlyList<Judgement>? judgements = null)
    {
        var root = RelevanceCorpus.RepositoryRoot();
        var folder = Path.Combine(Path.GetTempPath(), "portal-relevance", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var services = new ServiceCollection();
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
            services.AddSingleton<IDataFolder>(new Folder(folder));
            services.AddSingleton<IPortalDatabase>(new Database(Path.Combine(folder, "portal.db")));
            services.AddSearchCore();
            services.Configure<SearchOptions>(o => o.LogSettleDelay = TimeSpan.Zero);
            services.AddSingleton<ISearchDocumentSource>(new CorpusSource(RelevanceCorpus.Documents(root)));
            await using var provider = services.BuildServiceProvider();
            using (var scope = provider.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<SearchDbContext>();
                db.Database.EnsureCreated();
                foreach (var line in RelevanceCorpus.Synonyms(root))
                {
                    db.Synonyms.Add(Portal.Search.Models.SynonymGroup.TryCreate(line, DateTimeOffset.UtcNow)!);
                }

                await db.SaveChangesAsync();
            }

            await provider.GetRequiredService<IndexUpdater>().EnsureReadyAsync(CancellationToken.None);
            var query = provider.GetRequiredService<SearchQueryService>();
            IReadOnlyCollection<string> audiences = [SearchVisibility.PublicAudience];
            var outcomes = new List<JudgedOutcome>();
            foreach (var judgement in judgements ?? RelevanceJudgements.All)
            {
                var result = await SearchAsync(query, judgement.Query, judgement.Culture, audiences);
                string? followed = null;
                if (result.Total == 0 && result.DidYouMean is { } suggestion)
                {
                    followed = suggestion;
                    result = await SearchAsync(query, suggestion, judgement.Culture, audiences);
                }

                var top = result.Hits.Select(h => h.Id).ToList();
                var all = result.Total <= 50 ? (await SearchAsync(query, followed ?? judgement.Query, judgement.Culture, audiences, 50)).Hits.Select(h => h.Id).ToList() : top;
                outcomes.Add(new JudgedOutcome(
                    judgement,
                    top,
                    [.. judgement.Top3.Select(id => top.IndexOf(id) + 1)],
                    followed,
                    [.. (judgement.Excluded ?? []).Where(all.Contains)],
                    top.FindIndex(id => judgement.Top3.Contains(id) || (judgement.Relevant ?? []).Contains(id)) + 1));
            }

            SqliteConnection.ClearAllPools();
            return new RelevanceReport(outcomes);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static Task<SearchResult> SearchAsync(SearchQueryService query, string text, string culture, IReadOnlyCollection<string> audiences, int pageSize = 10) =>
        query.SearchAsync(new SearchRequest { Query = text, Culture = culture, PageSize = pageSize, Log = false }, audiences);

    private sealed class Folder(string root) : IDataFolder
    {
        public string Root { get; } = root;

        public string GetFolder(params string[] parts)
        {
            var path = Path.Combine([Root, .. parts]);
            Directory.CreateDirectory(path);
            return path;
        }
    }

    private sealed class Database(string file) : IPortalDatabase
    {
        public DatabaseProvider Provider => DatabaseProvider.Sqlite;

        public void Configure(DbContextOptionsBuilder options) => options.UseSqlite($"Data Source={file};Pooling=False");
    }

    private sealed class CorpusSource(IReadOnlyList<SearchDocument> documents) : ISearchDocumentSource
    {
        public string Source => "relevance";

        public async IAsyncEnumerable<SearchDocument> GetAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var document in documents)
            {
                yield return document;
            }

            await Task.CompletedTask;
        }

        public Task<SearchDocument?> GetAsync(string itemId, CancellationToken cancellationToken = default) =>
            Task.FromResult(documents.FirstOrDefault(d => d.Id == itemId));
    }
}
