using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Modules;
using Portal.Search.Data;
using Portal.Search.Services;

namespace Portal.Search.Tests;

/// <summary>Stands in for the host's feature states.</summary>
internal sealed class SwitchableFeatures : IFeatureChecker
{
    public HashSet<string> Disabled { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsEnabled(string featureId) => !Disabled.Contains(featureId);
}

/// <summary>
/// Search that heals: a disabled feature's documents leave the results (and come back) without a rebuild, a poison
/// item is set aside instead of holding up the log, readiness follows the index, the queue joins the caller's
/// transaction, and the background tasks do a round when run.
/// </summary>
public sealed class HealingTests : IAsyncDisposable
{
    private readonly TempFolder folder = new();
    private readonly SwitchableFeatures features = new();
    private readonly FakeSource knowledge = new("kb-article") { FeatureId = "Knowledge" };
    private readonly FakeSource pages = new("page") { FeatureId = "Content" };
    private SearchTestHost? host;

    private string DatabaseFile => Path.Combine(folder.Path, "portal.db");

    private SearchTestHost Host => host ??= new SearchTestHost(
        Path.Combine(folder.Path, "data"),
        DatabaseFile,
        o => o.ReadyLag = TimeSpan.Zero,
        s => s.AddSingleton<IFeatureChecker>(features),
        knowledge,
        pages);

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        folder.Dispose();
    }

    [Fact]
    public async Task A_disabled_features_documents_leave_hits_totals_and_facets_and_come_back_when_enabled()
    {
        knowledge.Put(FakeSource.Doc("1", "照顧者支援", "照顧者的休息", category: "carers", source: "kb-article"));
        knowledge.Put(FakeSource.Doc("2", "照顧者講座", "照顧者分享", category: "carers", source: "kb-article"));
        pages.Put(FakeSource.Doc("3", "照顧者專頁", "關於照顧者", category: "about", source: "page"));
        await Host.Updater.EnsureReadyAsync(CancellationToken.None);

        var all = await Host.SearchAsync("照顧者");
        Assert.Equal(3, all.Total);

        features.Disabled.Add("Knowledge");
        var without = await Host.SearchAsync("照顧者");
        Assert.Equal(1, without.Total);
        Assert.Equal(["page:3"], without.Hits.Select(h => h.Id));
        // Facet counts agree with the hits: nothing counted for the hidden documents.
        Assert.Equal([("page", 1)], without.Facets["type"].Select(f => (f.Value, f.Count)));
        Assert.Equal([("about", 1)], without.Facets["category"].Select(f => (f.Value, f.Count)));
        Assert.Equal(0, (await Host.SearchAsync("講座")).Total);

        features.Disabled.Clear();
        var back = await Host.SearchAsync("照顧者");
        Assert.Equal(3, back.Total);
        Assert.Equal(2, back.Facets["category"].Single(f => f.Value == "carers").Count);
    }

    [Fact]
    public async Task A_poison_item_is_set_aside_after_a_few_rounds_and_later_changes_reach_the_index()
    {
        await Host.Updater.EnsureReadyAsync(CancellationToken.None);
        knowledge.Put(FakeSource.Doc("1", "太深的文章", "內容", source: "kb-article"));
        knowledge.Failing["kb-article:1"] = new ArgumentException("Markdown elements in the input are too deeply nested - depth limit exceeded.");
        knowledge.Put(FakeSource.Doc("2", "之後的文章", "義工招募", source: "kb-article"));
        await Host.EnqueueAsync("kb-article", "1");
        await Host.EnqueueAsync("kb-article", "2");

        for (var round = 1; round < Services.IndexUpdater.MaxAttempts; round++)
        {
            await Assert.ThrowsAsync<ArgumentException>(() => Host.Updater.CatchUpAsync(CancellationToken.None));
            Assert.NotNull(Host.Updater.LastFailure);
        }

        await Host.Updater.CatchUpAsync(CancellationToken.None);

        Assert.Null(Host.Updater.LastFailure);
        Assert.Equal(1, (await Host.SearchAsync("義工招募")).Total);
        var status = await Host.WithScopeAsync(sp => sp.GetRequiredService<SearchAdminService>().GetStatusAsync(CancellationToken.None));
        var row = Assert.Single(status.SetAside);
        Assert.Equal(("kb-article", "1"), (row.Source, row.ItemId));
        Assert.Contains("too deeply nested", row.Error, StringComparison.Ordinal);
        Assert.Equal(status.LatestLogId, status.AppliedLogId);

        // Corrected and saved again: indexed, and no longer listed.
        knowledge.Failing.Clear();
        await Host.EnqueueAsync("kb-article", "1");
        await Host.Updater.CatchUpAsync(CancellationToken.None);
        Assert.Equal(1, (await Host.SearchAsync("太深的文章")).Total);
        status = await Host.WithScopeAsync(sp => sp.GetRequiredService<SearchAdminService>().GetStatusAsync(CancellationToken.None));
        Assert.Empty(status.SetAside);
    }

    [Fact]
    public async Task A_database_outage_never_sets_an_item_aside()
    {
        await Host.Updater.EnsureReadyAsync(CancellationToken.None);
        knowledge.Put(FakeSource.Doc("1", "文章", "內容", source: "kb-article"));
        knowledge.Failing["kb-article:1"] = new TimeoutException("The database did not answer.");
        await Host.EnqueueAsync("kb-article", "1");

        for (var round = 0; round < Services.IndexUpdater.MaxAttempts * 2; round++)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => Host.Updater.CatchUpAsync(CancellationToken.None));
        }

        knowledge.Failing.Clear();
        await Host.Updater.CatchUpAsync(CancellationToken.None);
        Assert.Equal(1, (await Host.SearchAsync("文章")).Total);
        Assert.Equal(0, await Host.WithScopeAsync(sp => sp.GetRequiredService<SearchDbContext>().SetAside.CountAsync()));
    }

    [Fact]
    public async Task A_source_failing_during_a_rebuild_keeps_the_other_sources_searchable()
    {
        pages.Put(FakeSource.Doc("3", "照顧者專頁", "關於照顧者", source: "page"));
        var broken = new BrokenSource();
        await using var withBroken = new SearchTestHost(Path.Combine(folder.Path, "data2"), Path.Combine(folder.Path, "portal2.db"), pages, broken);

        await withBroken.Updater.EnsureReadyAsync(CancellationToken.None);

        Assert.Equal(1, (await withBroken.SearchAsync("照顧者")).Total);
        var status = await withBroken.WithScopeAsync(sp => sp.GetRequiredService<SearchAdminService>().GetStatusAsync(CancellationToken.None));
        Assert.Equal(("broken", "*"), (Assert.Single(status.SetAside).Source, status.SetAside[0].ItemId));
    }

    [Fact]
    public async Task Readiness_fails_until_the_index_is_built_and_while_it_is_behind_the_log()
    {
        pages.Put(FakeSource.Doc("3", "照顧者專頁", "關於照顧者", source: "page"));
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync()).Status);

        await Host.Updater.EnsureReadyAsync(CancellationToken.None);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);

        await Host.EnqueueAsync("page", "3");
        var behind = await CheckAsync();
        Assert.Equal(HealthStatus.Unhealthy, behind.Status);
        Assert.Contains("behind", behind.Description, StringComparison.Ordinal);

        await Host.Updater.CatchUpAsync(CancellationToken.None);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
    }

    [Fact]
    public async Task A_failed_commit_records_no_progress_reports_not_ready_and_recovers_when_the_fault_goes()
    {
        FailingDirectory? disk = null;
        Host.Index.OpenDirectory = folder => disk = new FailingDirectory(Lucene.Net.Store.FSDirectory.Open(folder));
        knowledge.Put(FakeSource.Doc("1", "照顧者支援", "照顧者的休息", source: "kb-article"));
        await Host.Updater.EnsureReadyAsync(CancellationToken.None);
        await Host.EnqueueAsync("kb-article", "1");
        await Host.Updater.CatchUpAsync(CancellationToken.None);
        var before = Host.Index.LastAppliedLogId;
        Assert.True(before > 0);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);

        // The disk fills up: the next batch cannot be committed.
        disk!.Full = true;
        knowledge.Put(FakeSource.Doc("2", "義工招募", "義工招募的細節", source: "kb-article"));
        await Host.EnqueueAsync("kb-article", "2");
        await Assert.ThrowsAnyAsync<IOException>(() => Host.Updater.CatchUpAsync(CancellationToken.None));

        Assert.True(disk.Refused > 0, "the fault was never hit");
        Assert.Equal(before, Host.Index.LastAppliedLogId);
        var failed = await CheckAsync();
        Assert.Equal(HealthStatus.Unhealthy, failed.Status);
        Assert.Contains("failed", failed.Description, StringComparison.Ordinal);
        var status = await Host.WithScopeAsync(sp => sp.GetRequiredService<SearchAdminService>().GetStatusAsync(CancellationToken.None));
        Assert.Equal(before, status.AppliedLogId);
        Assert.True(status.LatestLogId > status.AppliedLogId);
        Assert.Equal(0, (await Host.SearchAsync("義工招募")).Total);
        Assert.Equal(1, (await Host.SearchAsync("照顧者")).Total); // the last good commit still answers

        // Still full: another round fails the same way and records nothing.
        await Assert.ThrowsAnyAsync<IOException>(() => Host.Updater.CatchUpAsync(CancellationToken.None));
        Assert.Equal(before, Host.Index.LastAppliedLogId);

        // Space again: the next round applies the change, records it, and the node is ready.
        disk.Full = false;
        await Host.Updater.CatchUpAsync(CancellationToken.None);
        Assert.True(Host.Index.LastAppliedLogId > before);
        Assert.Equal(1, (await Host.SearchAsync("義工招募")).Total);
        Assert.Equal(1, (await Host.SearchAsync("照顧者")).Total);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
        status = await Host.WithScopeAsync(sp => sp.GetRequiredService<SearchAdminService>().GetStatusAsync(CancellationToken.None));
        Assert.Equal(status.LatestLogId, status.AppliedLogId);
    }

    [Fact]
    public async Task The_indexing_task_builds_the_index_then_applies_the_log_on_each_run()
    {
        pages.Put(FakeSource.Doc("3", "照顧者專頁", "關於照顧者", source: "page"));
        await RunTaskAsync<SearchIndexingTask>();
        Assert.Equal(1, (await Host.SearchAsync("照顧者")).Total);

        pages.Put(FakeSource.Doc("4", "義工專頁", "義工招募", source: "page"));
        await Host.EnqueueAsync("page", "4");
        await RunTaskAsync<SearchIndexingTask>();
        Assert.Equal(1, (await Host.SearchAsync("義工招募")).Total);

        await RunTaskAsync<SearchLogPruneTask>();
        var descriptors = Host.Services.GetServices<Portal.BackgroundTasks.BackgroundTaskDescriptor>().ToList();
        Assert.Equal([SearchIndexingTask.Name, SearchLogPruneTask.Name], descriptors.Select(d => d.Name));
        Assert.All(descriptors, d => Assert.Equal("Search", d.FeatureId));
        Assert.Equal(TimeSpan.FromSeconds(3), descriptors[0].Interval(Host.Services));
    }

    [Fact]
    public async Task The_log_rows_commit_with_the_callers_transaction_or_not_at_all()
    {
        await Host.Updater.EnsureReadyAsync(CancellationToken.None);
        await using (var connection = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False"))
        {
            await connection.OpenAsync();
            await using (var rolledBack = await connection.BeginTransactionAsync())
            {
                await Host.WithScopeAsync(async sp =>
                {
                    await sp.GetRequiredService<IIndexingQueue>().EnqueueAsync([new IndexChange("page", "8")], rolledBack);
                    return 0;
                });
                await rolledBack.RollbackAsync();
            }

            await using var committed = await connection.BeginTransactionAsync();
            await Host.WithScopeAsync(async sp =>
            {
                await sp.GetRequiredService<IIndexingQueue>().EnqueueAsync([new IndexChange("page", "9")], committed);
                return 0;
            });
            await committed.CommitAsync();
        }

        var items = await Host.WithScopeAsync(sp => sp.GetRequiredService<SearchDbContext>().IndexingLog.Select(x => x.ItemId).ToListAsync());
        Assert.Equal(["9"], items);
    }

    private async Task RunTaskAsync<T>()
        where T : Portal.BackgroundTasks.IBackgroundTask =>
        await Host.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<T>().RunAsync(CancellationToken.None);
            return 0;
        });

    private Task<HealthCheckResult> CheckAsync() =>
        Host.WithScopeAsync(sp => ActivatorUtilities.CreateInstance<SearchReadinessCheck>(sp).CheckHealthAsync(new HealthCheckContext()));

    /// <summary>The index folder on a disk that can fill up: while <see cref="Full"/>, no new file can be written or
    /// synced (what a commit needs), as on a full disk.</summary>
    private sealed class FailingDirectory(Lucene.Net.Store.Directory inner) : Lucene.Net.Store.FilterDirectory(inner)
    {
        public volatile bool Full;

        public int Refused;

        public override Lucene.Net.Store.IndexOutput CreateOutput(string name, Lucene.Net.Store.IOContext context)
        {
            Check();
            return base.CreateOutput(name, context);
        }

        public override void Sync(ICollection<string> names)
        {
            Check();
            base.Sync(names);
        }

        private void Check()
        {
            if (Full)
            {
                Interlocked.Increment(ref Refused);
                throw new IOException("No space left on device");
            }
        }
    }

    /// <summary>A module whose content cannot be read part-way through (e.g. a body that fails to render).</summary>
    private sealed class BrokenSource : ISearchDocumentSource
    {
        public string Source => "broken";

        public async IAsyncEnumerable<SearchDocument> GetAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return FakeSource.Doc("1", "破損", "內容", source: "broken");
            throw new InvalidOperationException("Cannot render item 2.");
        }

        public Task<SearchDocument?> GetAsync(string itemId, CancellationToken cancellationToken = default) => Task.FromResult<SearchDocument?>(null);
    }
}
