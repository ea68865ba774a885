using Microsoft.Extensions.DependencyInjection;
using Portal.Search.Indexing;
using Portal.Search.Services;
using static Portal.Search.Tests.FakeSource;

namespace Portal.Search.Tests;

public sealed class IndexingTests
{
    [Fact]
    public async Task A_missing_index_is_built_from_the_sources_at_start_up()
    {
        using var folder = new TempFolder();
        var source = new FakeSource();
        source.Put(Doc("1", "互助小組", "內容"));
        source.Put(Doc("2", "照顧者支援", "內容"));
        await using var host = new SearchTestHost(Path.Combine(folder.Path, "data"), Path.Combine(folder.Path, "portal.db"), source);

        var result = await host.Updater.EnsureReadyAsync(CancellationToken.None);

        Assert.Equal(IndexOpenResult.Missing, result);
        Assert.False(host.Index.NeedsRebuild);
        Assert.Equal(2, host.Index.DocumentCount);
    }

    [Fact]
    public async Task A_corrupt_index_is_rebuilt_at_start_up()
    {
        using var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "data");
        var db = Path.Combine(folder.Path, "portal.db");
        var source = new FakeSource();
        source.Put(Doc("1", "互助小組", "內容"));
        source.Put(Doc("2", "照顧者支援", "內容"));
        await using (var first = new SearchTestHost(data, db, source))
        {
            await first.Updater.EnsureReadyAsync(CancellationToken.None);
            Assert.Equal(2, first.Index.DocumentCount);
        }

        // Damage every index file, as a power cut might.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(data, "search-index")))
        {
            if (!file.EndsWith("write.lock", StringComparison.Ordinal))
            {
                var bytes = File.ReadAllBytes(file);
                Array.Fill(bytes, (byte)0x5A, 0, Math.Min(bytes.Length, 64));
                File.WriteAllBytes(file, bytes[..Math.Max(1, bytes.Length / 2)]);
            }
        }

        await using var second = new SearchTestHost(data, db, source);
        var result = await second.Updater.EnsureReadyAsync(CancellationToken.None);

        Assert.Equal(IndexOpenResult.Corrupt, result);
        Assert.Equal(2, second.Index.DocumentCount);
        Assert.Equal(1, (await second.SearchAsync("照顧者")).Total);
    }

    [Fact]
    public async Task Changes_are_applied_after_enqueue_keeping_the_last_change_per_item()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Doc("1", "互助小組", "內容"));
        var host = corpus.Host;

        corpus.Source.Put(Doc("2", "照顧者支援", "第一版"));
        await host.EnqueueAsync("test", "2");
        corpus.Source.Put(Doc("2", "照顧者支援", "第二版 更新"));
        await host.EnqueueAsync("test", "2");
        await host.EnqueueAsync("test", "test:2");
        corpus.Source.GetCalls = 0;

        var applied = await host.Updater.CatchUpAsync(CancellationToken.None);

        Assert.Equal(1, applied);
        Assert.Equal(1, corpus.Source.GetCalls);
        Assert.Contains("更新", (await host.SearchAsync("照顧者")).Hits.Single().Snippet, StringComparison.Ordinal);

        corpus.Source.Remove("test:1");
        await host.EnqueueAsync("test", "1");
        await host.Updater.CatchUpAsync(CancellationToken.None);

        Assert.Equal(0, (await host.SearchAsync("互助")).Total);
        Assert.Equal(1, host.Index.DocumentCount);
    }

    [Fact]
    public async Task A_second_node_catches_up_from_the_shared_log_and_remembers_where_it_stopped()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "portal.db");
        var content = new FakeSource();
        content.Put(Doc("1", "互助小組", "內容"));
        var nodeBData = Path.Combine(folder.Path, "node-b");
        await using var nodeA = new SearchTestHost(Path.Combine(folder.Path, "node-a"), db, content);
        await nodeA.Updater.EnsureReadyAsync(CancellationToken.None);
        await using (var nodeB = new SearchTestHost(nodeBData, db, content))
        {
            await nodeB.Updater.EnsureReadyAsync(CancellationToken.None);

            // A change made on node A ...
            content.Put(Doc("2", "照顧者支援", "新文章"));
            await nodeA.EnqueueAsync("test", "2");
            await nodeA.Updater.CatchUpAsync(CancellationToken.None);
            Assert.Equal(1, (await nodeA.SearchAsync("照顧者")).Total);
            Assert.Equal(0, (await nodeB.SearchAsync("照顧者")).Total);

            // ... reaches node B through the log in the shared database.
            Assert.Equal(1, await nodeB.Updater.CatchUpAsync(CancellationToken.None));
            Assert.Equal(1, (await nodeB.SearchAsync("照顧者")).Total);
            Assert.Equal(nodeA.Index.LastAppliedLogId, nodeB.Index.LastAppliedLogId);
        }

        content.Put(Doc("3", "自助組織", "另一篇"));
        await nodeA.EnqueueAsync("test", "3");

        // Node B restarts: its index remembers the last applied row and applies only what is new.
        await using var restarted = new SearchTestHost(nodeBData, db, content);
        Assert.Equal(IndexOpenResult.Opened, await restarted.Updater.EnsureReadyAsync(CancellationToken.None));
        content.GetCalls = 0;
        Assert.Equal(1, await restarted.Updater.CatchUpAsync(CancellationToken.None));
        Assert.Equal(1, content.GetCalls);
        Assert.Equal(3, restarted.Index.DocumentCount);
    }

    [Fact]
    public async Task Reindex_command_prints_progress()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
            [.. Enumerable.Range(1, 30).Select(i => Doc($"{i}", $"文章 {i}", "內容"))]);
        var command = corpus.Host.Services.GetServices<Portal.Commands.IPortalCommand>().Single(c => c.Name == "reindex");
        using var output = new StringWriter();

        var code = await command.RunAsync([], output, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Contains("test: 30 documents", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Done: 30 documents", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Synonyms_edited_by_staff_apply_without_a_restart()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(
            Doc("1", "護老者支援熱線", "為護老者提供情緒支援。"),
            Doc("2", "Support for caregivers", "Practical tips for caregivers.", culture: "en"),
            Doc("3", "照顧者的休息", "照顧者需要休息。"));
        var host = corpus.Host;
        Assert.Equal(1, (await host.SearchAsync("照顧者")).Total);

        var added = await host.WithScopeAsync(sp => sp.GetRequiredService<SearchAdminService>().AddSynonymAsync("照顧者, 護老者, carer / caregiver", CancellationToken.None));
        Assert.True(added);

        var chinese = await host.SearchAsync("照顧者");
        var english = await host.SearchAsync("carer");
        Assert.Equal(3, chinese.Total);
        Assert.Equal(3, english.Total);
        Assert.Contains(chinese.Hits, h => h.Snippet.Contains("<mark>護老者</mark>", StringComparison.Ordinal));

        var rejected = await host.WithScopeAsync(sp => sp.GetRequiredService<SearchAdminService>().AddSynonymAsync("only-one", CancellationToken.None));
        Assert.False(rejected);
    }

    [Fact]
    public async Task Query_log_keeps_text_and_hit_counts_for_the_reports()
    {
        await using var corpus = await IndexedCorpus.CreateAsync(Doc("1", "互助小組", "內容"));
        var host = corpus.Host;
        await host.SearchAsync("互助");
        await host.SearchAsync("互助 ");
        await host.SearchAsync("不存在的字詞");
        await host.SearchAsync("互助", page: 2);

        await host.WithScopeAsync(sp => host.Recorder.FlushAsync(sp.GetRequiredService<Portal.Search.Data.SearchDbContext>(), CancellationToken.None));
        var admin = (Func<IServiceProvider, SearchAdminService>)(sp => sp.GetRequiredService<SearchAdminService>());
        var top = await host.WithScopeAsync(sp => admin(sp).GetTopQueriesAsync(30, 10, false, CancellationToken.None));
        var zero = await host.WithScopeAsync(sp => admin(sp).GetTopQueriesAsync(30, 10, true, CancellationToken.None));

        Assert.Equal(new QueryReportRow("互助", 2, 1), top[0]);
        Assert.Equal(2, top.Count);
        Assert.Equal("不存在的字詞", Assert.Single(zero).Query);
    }
}
