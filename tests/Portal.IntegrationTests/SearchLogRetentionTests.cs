using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.IntegrationTests.Infrastructure;
using Portal.Search.Data;
using Portal.Search.Indexing;
using Portal.Search.Models;
using Portal.Search.Services;

namespace Portal.IntegrationTests;

/// <summary>
/// The search module's indexing log is pruned on PostgreSQL too: the schema migration ran on a fresh database,
/// two pruners deleting at once remove every expired row exactly once and leave the horizon at the last one.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSearchLogRetentionTests(PostgresPortalSite site) : IClassFixture<PostgresPortalSite>
{
    [Fact]
    public async Task Expired_log_rows_are_pruned_by_two_nodes_at_once_and_new_ones_are_kept()
    {
        _ = site.CreateClient();
        var index = site.Services.GetRequiredService<SearchIndex>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!index.IsOpen || index.NeedsRebuild)
        {
            Assert.True(DateTime.UtcNow < deadline, "The search index was not ready within a minute.");
            await Task.Delay(200);
        }

        var longAgo = DateTimeOffset.UtcNow.AddDays(-30);
        List<long> oldIds;
        long recentId;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SearchDbContext>();
            var old = Enumerable.Range(1, 40).Select(i => new IndexingLogEntry("retention-test", $"old-{i}", longAgo)).ToList();
            var recent = new IndexingLogEntry("retention-test", "recent", DateTimeOffset.UtcNow);
            db.IndexingLog.AddRange(old);
            await db.SaveChangesAsync();
            db.IndexingLog.Add(recent);
            await db.SaveChangesAsync();
            oldIds = [.. old.Select(r => r.Id)];
            recentId = recent.Id;
        }

        // Apply the rows (the recent one waits for the PostgreSQL settle delay), so this node may prune them.
        var updater = site.Services.GetRequiredService<IndexUpdater>();
        deadline = DateTime.UtcNow.AddSeconds(60);
        while (index.LastAppliedLogId < recentId)
        {
            Assert.True(DateTime.UtcNow < deadline, "The indexing log was not applied within a minute.");
            await updater.CatchUpAsync(CancellationToken.None);
            await Task.Delay(200);
        }

        // Two pruners with small batches stand for two nodes pruning the same PostgreSQL at the same moment.
        var pruners = new[] { 3, 4 }.Select(batch => ActivatorUtilities.CreateInstance<IndexingLogPruner>(
            site.Services,
            Options.Create(new SearchOptions { LogPruneBatchSize = batch }))).ToList();
        var counts = await Task.WhenAll(pruners.Select(p => Task.Run(() => p.PruneAsync(CancellationToken.None))));

        // This node's own worker may have pruned some rows first (its first round starts at a random moment).
        Assert.InRange(counts.Sum(), 0, oldIds.Count);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SearchDbContext>();
            var remaining = await db.IndexingLog.AsNoTracking().Where(x => x.Source == "retention-test").Select(x => x.Id).ToListAsync();
            Assert.Equal([recentId], remaining);
            Assert.Equal(oldIds.Max(), await IndexingLogPruner.ReadHorizonAsync(db, CancellationToken.None));

            var status = await scope.ServiceProvider.GetRequiredService<ISearchAdministration>().GetStatusAsync(CancellationToken.None);
            Assert.Equal(oldIds.Max(), status.PrunedUpToLogId);
            Assert.True(status.OldestLogEntryUtc > longAgo);
        }

        // This node is level with the horizon: catching up does not rebuild.
        Assert.Equal(IndexOpenResult.Opened, await updater.EnsureReadyAsync(CancellationToken.None));
    }
}
