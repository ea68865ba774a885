using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Portal.Search.Data;
using Portal.Search.Data.Migrations;
using Portal.Search.Indexing;
using Portal.Search.Models;
using Portal.Search.Services;
using static Portal.Search.Tests.FakeSource;

namespace Portal.Search.Tests;

/// <summary>
/// The indexing log is pruned after a retention period, and a node that had not applied pruned rows rebuilds
/// its index instead of silently missing them.
/// </summary>
public sealed class LogRetentionTests
{
    private static readonly DateTimeOffset LongAgo = DateTimeOffset.UtcNow.AddDays(-30);

    [Fact]
    public async Task Rows_older_than_the_retention_are_pruned_in_batches_and_the_horizon_records_the_last_one()
    {
        using var folder = new TempFolder();
        var source = new FakeSource();
        source.Put(Doc("1", "互助小組", "內容"));
        await using var host = new SearchTestHost(Path.Combine(folder.Path, "data"), Path.Combine(folder.Path, "portal.db"), o => o.LogPruneBatchSize = 7, source);
        await host.Updater.EnsureReadyAsync(CancellationToken.None);
        var oldIds = await AddRowsAsync(host, LongAgo, 25);
        await host.EnqueueAsync("test", "1", "2", "3");
        await host.Updater.CatchUpAsync(CancellationToken.None);

        var deleted = await host.Services.GetRequiredService<IndexingLogPruner>().PruneAsync(CancellationToken.None);

        Assert.Equal(25, deleted);
        var (remaining, horizon) = await LogAsync(host);
        Assert.Equal(3, remaining.Count);
        Assert.All(remaining, r => Assert.True(r.CreatedUtc > DateTimeOffset.UtcNow.AddDays(-1)));
        Assert.Equal(oldIds.Max(), horizon);
        Assert.Equal(0, await host.Services.GetRequiredService<IndexingLogPruner>().PruneAsync(CancellationToken.None));

        // The node that pruned applied everything: it is not behind, nothing is rebuilt.
        source.GetCalls = 0;
        await host.EnqueueAsync("test", "1");
        Assert.Equal(1, await host.Updater.CatchUpAsync(CancellationToken.None));
        Assert.Equal(1, source.GetCalls);
    }

    [Fact]
    public async Task A_node_keeps_the_rows_it_has_not_applied_yet()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Doc("1", "互助小組", "內容"));
        var host = corpus.Host;
        await AddRowsAsync(host, LongAgo, 5);
        var pruner = host.Services.GetRequiredService<IndexingLogPruner>();

        Assert.Equal(0, await pruner.PruneAsync(CancellationToken.None));
        Assert.Equal(0, (await LogAsync(host)).Horizon);

        await host.Updater.CatchUpAsync(CancellationToken.None);
        Assert.Equal(5, await pruner.PruneAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Two_nodes_pruning_at_once_delete_each_row_once_and_agree_on_the_horizon()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "portal.db");
        var content = new FakeSource();
        content.Put(Doc("1", "互助小組", "內容"));
        await using var nodeA = new SearchTestHost(Path.Combine(folder.Path, "node-a"), db, o => o.LogPruneBatchSize = 5, content);
        await using var nodeB = new SearchTestHost(Path.Combine(folder.Path, "node-b"), db, o => o.LogPruneBatchSize = 5, content);
        await nodeA.Updater.EnsureReadyAsync(CancellationToken.None);
        await nodeB.Updater.EnsureReadyAsync(CancellationToken.None);
        var oldIds = await AddRowsAsync(nodeA, LongAgo, 60);
        await nodeA.Updater.CatchUpAsync(CancellationToken.None);
        await nodeB.Updater.CatchUpAsync(CancellationToken.None);

        var counts = await Task.WhenAll(
            Task.Run(() => nodeA.Services.GetRequiredService<IndexingLogPruner>().PruneAsync(CancellationToken.None)),
            Task.Run(() => nodeB.Services.GetRequiredService<IndexingLogPruner>().PruneAsync(CancellationToken.None)));

        Assert.Equal(60, counts.Sum());
        var (remaining, horizon) = await LogAsync(nodeA);
        Assert.Empty(remaining);
        Assert.Equal(oldIds.Max(), horizon);
    }

    [Fact]
    public async Task A_node_away_for_longer_than_the_retention_rebuilds_at_start_up()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "portal.db");
        var nodeBData = Path.Combine(folder.Path, "node-b");
        var content = new FakeSource();
        content.Put(Doc("1", "互助小組", "內容"));
        await using var nodeA = new SearchTestHost(Path.Combine(folder.Path, "node-a"), db, o => o.LogRetention = TimeSpan.FromTicks(1), content);
        await nodeA.Updater.EnsureReadyAsync(CancellationToken.None);
        await using (var nodeB = new SearchTestHost(nodeBData, db, content))
        {
            await nodeB.Updater.EnsureReadyAsync(CancellationToken.None);
        }

        // While node B is down, node A changes two items, applies them and prunes their rows.
        content.Put(Doc("2", "照顧者支援", "新文章"));
        content.Remove("test:1");
        await nodeA.EnqueueAsync("test", "2", "1");
        await nodeA.Updater.CatchUpAsync(CancellationToken.None);
        await Task.Delay(5);
        Assert.Equal(2, await nodeA.Services.GetRequiredService<IndexingLogPruner>().PruneAsync(CancellationToken.None));

        await using var restarted = new SearchTestHost(nodeBData, db, content);
        var result = await restarted.Updater.EnsureReadyAsync(CancellationToken.None);

        Assert.Equal(IndexOpenResult.BehindLog, result);
        Assert.Equal(1, (await restarted.SearchAsync("照顧者")).Total);
        Assert.Equal(0, (await restarted.SearchAsync("互助")).Total);
        Assert.Equal(nodeA.Index.LastAppliedLogId, restarted.Index.LastAppliedLogId);

        // The log is now empty; the rebuilt index is level with the horizon and does not rebuild again.
        Assert.Empty((await LogAsync(restarted)).Rows);
        content.GetCalls = 0;
        Assert.Equal(0, await restarted.Updater.CatchUpAsync(CancellationToken.None));
        content.Put(Doc("3", "自助組織", "另一篇"));
        await nodeA.EnqueueAsync("test", "3");
        Assert.Equal(1, await restarted.Updater.CatchUpAsync(CancellationToken.None));
        Assert.Equal(1, content.GetCalls);
        Assert.Equal(2, restarted.Index.DocumentCount);
    }

    [Fact]
    public async Task A_running_node_that_falls_behind_the_horizon_rebuilds_during_catch_up()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "portal.db");
        var content = new FakeSource();
        content.Put(Doc("1", "互助小組", "內容"));
        await using var nodeA = new SearchTestHost(Path.Combine(folder.Path, "node-a"), db, o => o.LogRetention = TimeSpan.FromTicks(1), content);
        await using var nodeB = new SearchTestHost(Path.Combine(folder.Path, "node-b"), db, content);
        await nodeA.Updater.EnsureReadyAsync(CancellationToken.None);
        await nodeB.Updater.EnsureReadyAsync(CancellationToken.None);

        content.Put(Doc("2", "照顧者支援", "新文章"));
        await nodeA.EnqueueAsync("test", "2");
        await nodeA.Updater.CatchUpAsync(CancellationToken.None);
        await Task.Delay(5);
        await nodeA.Services.GetRequiredService<IndexingLogPruner>().PruneAsync(CancellationToken.None);
        content.GetCalls = 0;

        var applied = await nodeB.Updater.CatchUpAsync(CancellationToken.None);

        Assert.Equal(2, applied);
        Assert.Equal(0, content.GetCalls);
        Assert.Equal(1, (await nodeB.SearchAsync("照顧者")).Total);
        Assert.Equal(nodeA.Index.LastAppliedLogId, nodeB.Index.LastAppliedLogId);
    }

    [Fact]
    public async Task Gaps_in_log_ids_are_not_mistaken_for_pruned_rows()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "portal.db");
        var nodeBData = Path.Combine(folder.Path, "node-b");
        var content = new FakeSource();
        content.Put(Doc("1", "互助小組", "內容"));
        await using var nodeA = new SearchTestHost(Path.Combine(folder.Path, "node-a"), db, content);
        await nodeA.Updater.EnsureReadyAsync(CancellationToken.None);
        await using (var nodeB = new SearchTestHost(nodeBData, db, content))
        {
            await nodeB.Updater.EnsureReadyAsync(CancellationToken.None);
        }

        content.Put(Doc("2", "照顧者支援", "新文章"));
        content.Put(Doc("3", "自助組織", "另一篇"));
        await nodeA.EnqueueAsync("test", "9");
        await nodeA.EnqueueAsync("test", "2");
        await nodeA.EnqueueAsync("test", "9");
        await nodeA.EnqueueAsync("test", "3");

        // Rows that vanish without pruning stand for ids a rolled-back transaction used: gaps, not missed changes.
        await nodeA.WithScopeAsync(sp => sp.GetRequiredService<SearchDbContext>().IndexingLog.Where(x => x.ItemId == "9").ExecuteDeleteAsync());

        await using var restarted = new SearchTestHost(nodeBData, db, content);
        Assert.Equal(IndexOpenResult.Opened, await restarted.Updater.EnsureReadyAsync(CancellationToken.None));
        content.GetCalls = 0;
        Assert.Equal(2, await restarted.Updater.CatchUpAsync(CancellationToken.None));
        Assert.Equal(2, content.GetCalls);
        Assert.Equal(3, restarted.Index.DocumentCount);
    }

    [Fact]
    public async Task No_pruning_when_the_retention_is_zero()
    {
        using var folder = new TempFolder();
        await using var host = new SearchTestHost(Path.Combine(folder.Path, "data"), Path.Combine(folder.Path, "portal.db"), o => o.LogRetention = TimeSpan.Zero, new FakeSource());
        await host.Updater.EnsureReadyAsync(CancellationToken.None);
        await AddRowsAsync(host, LongAgo, 3);
        await host.Updater.CatchUpAsync(CancellationToken.None);

        Assert.Equal(0, await host.Services.GetRequiredService<IndexingLogPruner>().PruneAsync(CancellationToken.None));
        Assert.Equal(3, (await LogAsync(host)).Rows.Count);
    }

    [Fact]
    public async Task Staff_status_shows_the_log_size_oldest_entry_and_horizon()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Doc("1", "互助小組", "內容"));
        var host = corpus.Host;
        var ids = await AddRowsAsync(host, LongAgo, 4);
        await host.EnqueueAsync("test", "1");
        var before = await host.WithScopeAsync(sp => sp.GetRequiredService<SearchAdminService>().GetStatusAsync(CancellationToken.None));

        Assert.Equal(5, before.LogEntries);
        Assert.Equal(LongAgo.UtcTicks, before.OldestLogEntryUtc!.Value.UtcTicks);
        Assert.Equal(0, before.PrunedUpToLogId);
        Assert.Equal(TimeSpan.FromDays(7), before.LogRetention);

        await host.Updater.CatchUpAsync(CancellationToken.None);
        await host.Services.GetRequiredService<IndexingLogPruner>().PruneAsync(CancellationToken.None);
        var after = await host.WithScopeAsync(sp => sp.GetRequiredService<SearchAdminService>().GetStatusAsync(CancellationToken.None));

        Assert.Equal(1, after.LogEntries);
        Assert.True(after.OldestLogEntryUtc > DateTimeOffset.UtcNow.AddDays(-1));
        Assert.Equal(ids.Max(), after.PrunedUpToLogId);
        Assert.Equal(after.AppliedLogId, after.LatestLogId);
    }

    [Fact]
    public async Task The_schema_migration_creates_the_horizon_table_and_tolerates_a_fresh_database_that_has_it()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Doc("1", "互助小組", "內容"));
        var host = corpus.Host;
        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<SearchDbContext>();

            // A fresh database already has the table (created from the model): the migration must not fail.
            await RunMigrationAsync(db);

            // An older database does not: the migration creates it.
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"search_IndexingLogHorizon\"");
            await RunMigrationAsync(db);
            return 0;
        });

        await AddRowsAsync(host, LongAgo, 2);
        await host.Updater.CatchUpAsync(CancellationToken.None);
        Assert.Equal(2, await host.Services.GetRequiredService<IndexingLogPruner>().PruneAsync(CancellationToken.None));
        Assert.True((await LogAsync(host)).Horizon > 0);
    }

    private static async Task RunMigrationAsync(SearchDbContext db)
    {
        var builder = new MigrationBuilder(db.Database.ProviderName);
        var migration = new AddIndexingLogHorizon();
        Assert.Equal(2, migration.Version);
        migration.Up(builder);
        foreach (var command in db.GetService<IMigrationsSqlGenerator>().Generate(builder.Operations, db.Model))
        {
            await db.Database.ExecuteSqlRawAsync(command.CommandText);
        }
    }

    private static async Task<List<long>> AddRowsAsync(SearchTestHost host, DateTimeOffset createdUtc, int count) =>
        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<SearchDbContext>();
            var rows = Enumerable.Range(1, count).Select(i => new IndexingLogEntry("test", $"old-{i}", createdUtc)).ToList();
            db.IndexingLog.AddRange(rows);
            await db.SaveChangesAsync();
            return rows.Select(r => r.Id).ToList();
        });

    private static async Task<(List<IndexingLogEntry> Rows, long Horizon)> LogAsync(SearchTestHost host) =>
        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<SearchDbContext>();
            return (await db.IndexingLog.AsNoTracking().OrderBy(x => x.Id).ToListAsync(), await IndexingLogPruner.ReadHorizonAsync(db, CancellationToken.None));
        });
}
