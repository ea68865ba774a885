using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Modules;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;
using Portal.Knowledge.Data;
using Portal.Knowledge.Models;
using Portal.Knowledge.Services;
using Portal.Search;
using Portal.Search.Data;

namespace Portal.IntegrationTests;

/// <summary>
/// Search on a running site follows the features: switching Knowledge off (on this node or another) removes its
/// articles from /search and /api/search, facets included, and switching it on brings them back, with no rebuild.
/// </summary>
public sealed class SearchFeatureTests(PortalSite site) : IClassFixture<PortalSite>
{
    [Fact]
    public async Task A_disabled_feature_leaves_search_on_every_node_and_comes_back_when_enabled()
    {
        _ = site.CreateClient();
        await site.Services.GetRequiredService<RecipeExecutor>().ExecuteAsync(Path.Combine(AppContext.BaseDirectory, "content-recipes", "knowledge.recipe.json"));
        using var client = site.CreateBrowser();
        await SearchHelpers.WaitForAsync(() => SearchHelpers.KnowledgeHitsAsync(client), n => n > 3, "the knowledge sample to reach search");

        using var second = new SameDatabaseNode(site);
        using var secondClient = second.CreateBrowser();
        await SearchHelpers.WaitForAsync(() => SearchHelpers.KnowledgeHitsAsync(secondClient), n => n > 3, "the second node to build its index");

        // Switched off on the second node: both nodes drop the articles (the first within its feature-cache period).
        await second.Services.GetRequiredService<FeatureManager>().SetEnabledAsync(["Knowledge"], enabled: false);
        Assert.Equal(0, await SearchHelpers.KnowledgeHitsAsync(secondClient));
        await SearchHelpers.WaitForAsync(() => SearchHelpers.KnowledgeHitsAsync(client), n => n == 0, "the first node to drop the articles");
        var api = await SearchHelpers.SearchAsync(client, "義工");
        Assert.DoesNotContain("kb-article", api.GetProperty("facets").GetRawText(), StringComparison.Ordinal);
        var page = await client.GetStringAsync("/search?q=" + Uri.EscapeDataString("義工"));
        Assert.DoesNotContain("/kb/articles/", page, StringComparison.Ordinal);

        // On again (this time on the first node): back on both, without a rebuild.
        await site.Services.GetRequiredService<FeatureManager>().SetEnabledAsync(["Knowledge"], enabled: true);
        Assert.True(await SearchHelpers.KnowledgeHitsAsync(client) > 3);
        page = await client.GetStringAsync("/search?q=" + Uri.EscapeDataString("義工"));
        Assert.Contains("/kb/articles/", page, StringComparison.Ordinal);
        await SearchHelpers.WaitForAsync(() => SearchHelpers.KnowledgeHitsAsync(secondClient), n => n > 3, "the second node to show the articles again");
    }
}

/// <summary>/health/ready waits for the search index; /health (liveness) does not.</summary>
public sealed class SearchReadinessTests : IDisposable
{
    private readonly PortalSite site = new();

    public void Dispose() => site.Dispose();

    [Fact]
    public async Task A_start_with_no_index_is_not_ready_until_the_rebuild_finishes()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A site of its own (a fresh data folder, so no index yet): the class's shared site may already have built one.
        using var fresh = new PortalSite();
        using var gated = fresh.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddScoped<ISearchDocumentSource>(_ => new GatedSource(gate.Task))));
        using var client = gated.CreateClient();
        try
        {
            await ReadinessFollowsTheRebuildAsync(client, gate);
        }
        finally
        {
            // Never leave the rebuild waiting when the site stops (a failed assertion above).
            gate.TrySetResult();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_site_stopped_during_a_rebuild_that_never_ends_stops_in_time_and_the_late_rebuild_harms_nothing(bool sourceHonoursCancellation)
    {
        // A document source stuck for good (a hung database, a module that waits for ever), with or without listening
        // to the stop: the site must still stop within its shutdown time, and when the stuck source wakes after the
        // index is closed, the late rebuild must end quietly (no crash of the process, no write to a closed index).
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var unhandled = 0;
        UnhandledExceptionEventHandler onUnhandled = (_, _) => Interlocked.Increment(ref unhandled);
        AppDomain.CurrentDomain.UnhandledException += onUnhandled;
        try
        {
            var fresh = new PortalSite();
            var gated = fresh.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            {
                s.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
                s.AddScoped<ISearchDocumentSource>(_ => new GatedSource(gate.Task, entered, sourceHonoursCancellation));
            }));
            using (var client = gated.CreateClient())
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
                await entered.Task.WaitAsync(TimeSpan.FromSeconds(60));
                Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
            }

            var stopping = System.Diagnostics.Stopwatch.StartNew();
            await gated.DisposeAsync();
            await fresh.DisposeAsync();
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(30), $"The site took {stopping.Elapsed.TotalSeconds:F0} s to stop with a rebuild stuck.");

            // The stuck source wakes after the site is gone.
            gate.SetResult();
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(0, Volatile.Read(ref unhandled));
        }
        finally
        {
            gate.TrySetResult();
            AppDomain.CurrentDomain.UnhandledException -= onUnhandled;
        }
    }

    private static async Task ReadinessFollowsTheRebuildAsync(HttpClient client, TaskCompletionSource gate)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        using (var notReady = await client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        }

        gate.SetResult();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "/health/ready did not turn 200 within a minute of the rebuild being able to finish.");
            await Task.Delay(100);
        }

        var result = await SearchHelpers.SearchAsync(client, "readinessprobe");
        Assert.Equal(1, result.GetProperty("total").GetInt32());
    }

    /// <summary>A module whose documents take as long as the test wants to read.</summary>
    private sealed class GatedSource(Task gate, TaskCompletionSource? entered = null, bool honoursCancellation = true) : ISearchDocumentSource
    {
        public string Source => "gated";

        public async IAsyncEnumerable<SearchDocument> GetAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            entered?.TrySetResult();
            await (honoursCancellation ? gate.WaitAsync(cancellationToken) : gate);
            yield return new SearchDocument
            {
                Id = "gated:1",
                Type = "gated",
                Culture = "en",
                Title = "readinessprobe",
                Body = "Indexed once the rebuild may finish.",
                Url = "/",
                UpdatedUtc = DateTimeOffset.UtcNow,
                Visibility = SearchVisibility.Public,
            };
        }

        public Task<SearchDocument?> GetAsync(string itemId, CancellationToken cancellationToken = default) => Task.FromResult<SearchDocument?>(null);
    }
}

/// <summary>A change and its indexing-log row commit together or not at all, on SQLite and PostgreSQL.</summary>
public abstract class SearchTransactionTests<TSite>(TSite site)
    where TSite : PortalSite
{
    [Fact]
    public async Task The_log_row_commits_with_the_change_and_a_failed_enqueue_rolls_the_change_back()
    {
        _ = site.CreateClient();
        long id;
        using (var scope = site.Services.CreateScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<ArticleEditor>().CreateAsync(new ArticleInput
            {
                Slug = "tx-" + Guid.NewGuid().ToString("N")[..8],
                Culture = "en",
                Content = new ArticleContent { Title = "Transactions", Body = "Both or neither." },
            }, "staff", CancellationToken.None);
            id = created.Id!.Value;
        }

        var itemId = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, await LogRowsAsync(itemId));

        // A failed enqueue (an item id too long for the log) inside the change's transaction: the change rolls back.
        using (var scope = site.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KnowledgeDbContext>();
            var queue = scope.ServiceProvider.GetRequiredService<IIndexingQueue>();
            var article = await db.Articles.SingleAsync(a => a.Id == id);
            await using var transaction = await db.Database.BeginTransactionAsync();
            article.SubmitForReview(DateTime.UtcNow);
            await db.SaveChangesAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => queue.EnqueueAsync([new IndexChange("kb-article", itemId), new IndexChange("kb-article", new string('x', 500))], transaction.GetDbTransaction()));
        }

        // A log row written in a transaction that then rolls back is gone with it.
        using (var scope = site.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KnowledgeDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<IIndexingQueue>().EnqueueAsync([new IndexChange("kb-article", itemId)], transaction.GetDbTransaction());
            await transaction.RollbackAsync();
        }

        using (var scope = site.Services.CreateScope())
        {
            var article = await scope.ServiceProvider.GetRequiredService<KnowledgeDbContext>().Articles.AsNoTracking().SingleAsync(a => a.Id == id);
            Assert.Equal(ArticleStatus.Draft, article.Status);
        }

        Assert.Equal(1, await LogRowsAsync(itemId));
    }

    private async Task<int> LogRowsAsync(string itemId)
    {
        using var scope = site.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SearchDbContext>().IndexingLog.CountAsync(x => x.Source == "kb-article" && x.ItemId == itemId);
    }
}

public sealed class SqliteSearchTransactionTests(PortalSite site) : SearchTransactionTests<PortalSite>(site), IClassFixture<PortalSite>;

[Collection(PostgresCollection.Name)]
public sealed class PostgresSearchTransactionTests(PostgresPortalSite site) : SearchTransactionTests<PostgresPortalSite>(site), IClassFixture<PostgresPortalSite>;

internal static class SearchHelpers
{
    public static async Task<JsonElement> SearchAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/search?q=" + Uri.EscapeDataString(query) + "&pageSize=50");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/api/search answered {(int)response.StatusCode}. Server errors logged:\n{ErrorLog.All.Recent()}\n\nBody: {body[..Math.Min(body.Length, 500)]}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<int> KnowledgeHitsAsync(HttpClient client)
    {
        var result = await SearchAsync(client, "義工");
        return result.GetProperty("hits").EnumerateArray().Count(h => h.GetProperty("type").GetString() == "kb-article");
    }

    public static async Task WaitForAsync(Func<Task<int>> read, Func<int, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!done(await read()))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(250);
        }
    }
}

/// <summary>
/// On PostgreSQL a publish on one node reaches the other node's search within a second: the enqueue notifies every
/// node when it commits (LISTEN/NOTIFY) and the rows are applied before the settle delay has passed.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSearchLatencyTests(PostgresPortalSite site, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<PostgresPortalSite>
{
    [Fact]
    public async Task A_publish_reaches_the_other_nodes_search_within_a_second()
    {
        using var client = site.CreateBrowser();
        using var second = new SameDatabaseNode(site);
        using var secondClient = second.CreateBrowser();
        foreach (var node in new[] { client, secondClient })
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await node.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
            {
                Assert.True(DateTime.UtcNow < deadline, "A node was not ready within a minute.");
                await Task.Delay(200);
            }
        }

        var timings = new List<TimeSpan>();
        for (var round = 0; round < 3; round++)
        {
            var word = "latency" + Guid.NewGuid().ToString("N")[..10];
            var started = System.Diagnostics.Stopwatch.StartNew();
            using (var scope = site.Services.CreateScope())
            {
                var editor = scope.ServiceProvider.GetRequiredService<ArticleEditor>();
                var created = await editor.CreateAsync(new ArticleInput
                {
                    Slug = word,
                    Culture = "en",
                    Content = new ArticleContent { Title = word, Body = "Published on the first node." },
                }, "staff", CancellationToken.None);
                Assert.True((await editor.ApplyAsync(created.Id!.Value, ArticleAction.Publish, CancellationToken.None)).Succeeded);
            }

            started.Restart();
            while ((await SearchHelpers.SearchAsync(secondClient, word)).GetProperty("total").GetInt32() == 0)
            {
                Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), "The publish did not reach the other node within 10 s.");
                await Task.Delay(20);
            }

            timings.Add(started.Elapsed);
        }

        output.WriteLine("Publish → other node's search: " + string.Join(", ", timings.Select(t => $"{t.TotalMilliseconds:0} ms")));
        Assert.True(timings.Order().ElementAt(1) <= TimeSpan.FromSeconds(1), "Median over 1 s: " + string.Join(", ", timings));
    }
}
