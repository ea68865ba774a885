using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.BackgroundTasks;
using Portal.Data;
using Portal.Hosting;
using Portal.Hosting.BackgroundTasks;
using Portal.Hosting.Data;
using Portal.Modules;

namespace Portal.Host.Tests;

/// <summary>
/// The host's background-task runner on a real SQLite database, with a fake clock and a feature switch the test
/// turns: tasks run only while their feature is on, a trigger runs them at once, a failure is recorded without the
/// e-mail address in its message, and a single-node task skips its turn while another node holds its lock.
/// </summary>
public sealed class BackgroundTaskRunnerTests : IAsyncLifetime
{
    private const string Feature = "Test.Feature";
    private readonly string _dataDir = Directory.CreateTempSubdirectory("portal-tasks-tests-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 1, 0, 0, TimeSpan.Zero));
    private readonly Switches _features = new();
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:DataDir"] = _dataDir,
            ["Portal:SetupRecipe"] = string.Empty,
            ["Logging:LogLevel:Default"] = "Critical",
        });
        builder.AddPortal();
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddSingleton<IFeatureChecker>(_features);
        builder.Services.AddSingleton<Counter>();
        builder.Services.AddBackgroundTask<CountingTask>("test.counting", Feature, TimeSpan.FromMinutes(10));
        builder.Services.AddBackgroundTask<FailingTask>("test.failing", Feature, TimeSpan.FromMinutes(10));
        builder.Services.AddBackgroundTask<SingleNodeTask>("test.single", Feature, TimeSpan.FromMinutes(10), singleNode: true);
        _app = builder.Build();
        await _app.InitializeSiteAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_task_runs_only_while_its_feature_is_on_and_again_as_soon_as_it_is_switched_back_on()
    {
        var counter = _app.Services.GetRequiredService<Counter>();
        var runner = _app.Services.GetRequiredService<BackgroundTaskRunner>();
        _features.Set(Feature, false);
        await runner.StartAsync(CancellationToken.None);
        try
        {
            for (var i = 0; i < 5; i++)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(50);
            }

            Assert.Equal(0, counter.Runs("test.counting"));
            Assert.True(runner.StateOf("test.counting").WaitingForFeature);

            _features.Set(Feature, true);
            await EventuallyAsync(() => counter.Runs("test.counting") == 1, advance: TimeSpan.FromSeconds(1));
            await EventuallyAsync(() => runner.StateOf("test.counting").NextRunUtc == _time.GetUtcNow() + TimeSpan.FromMinutes(10));

            // Interval not reached: no further run.
            _time.Advance(TimeSpan.FromMinutes(5));
            await Task.Delay(200);
            Assert.Equal(1, counter.Runs("test.counting"));

            // Switched off between turns: the due turn does not run.
            _features.Set(Feature, false);
            _time.Advance(TimeSpan.FromMinutes(6));
            await Task.Delay(300);
            Assert.Equal(1, counter.Runs("test.counting"));

            _features.Set(Feature, true);
            await EventuallyAsync(() => counter.Runs("test.counting") == 2, advance: TimeSpan.FromSeconds(1));
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_trigger_runs_the_task_at_once_instead_of_at_its_next_turn()
    {
        var counter = _app.Services.GetRequiredService<Counter>();
        var runner = _app.Services.GetRequiredService<BackgroundTaskRunner>();
        _features.Set(Feature, true);
        await runner.StartAsync(CancellationToken.None);
        try
        {
            await EventuallyAsync(() => counter.Runs("test.counting") == 1);
            await EventuallyAsync(() => runner.StateOf("test.counting").NextRunUtc == _time.GetUtcNow() + TimeSpan.FromMinutes(10));
            _app.Services.GetRequiredService<IBackgroundTaskTrigger>().Trigger("test.counting");
            await EventuallyAsync(() => counter.Runs("test.counting") == 2);
            await EventuallyAsync(() => runner.StateOf("test.counting").NextRunUtc == _time.GetUtcNow() + TimeSpan.FromMinutes(10));
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_failed_run_is_recorded_with_the_exception_type_and_a_message_without_the_e_mail_address()
    {
        var runner = _app.Services.GetRequiredService<BackgroundTaskRunner>();
        var task = runner.Tasks.Single(t => t.Name == "test.failing");
        _features.Set(Feature, true);
        Assert.True(await runner.RunOnceAsync(task, CancellationToken.None));
        Assert.True(await runner.RunOnceAsync(runner.Tasks.Single(t => t.Name == "test.counting"), CancellationToken.None));

        var history = await _app.Services.GetRequiredService<BackgroundTaskLog>().HistoryAsync(["test.failing", "test.counting"], CancellationToken.None);
        var failed = history["test.failing"];
        Assert.NotNull(failed.LastRun);
        Assert.False(failed.LastRun.Succeeded);
        Assert.Null(failed.LastSuccess);
        Assert.Equal(typeof(InvalidOperationException).FullName, failed.LastFailure!.ErrorType);
        Assert.Equal("The mail server refused [e-mail].", failed.LastFailure.ErrorMessage);
        Assert.Equal(_app.Services.GetRequiredService<BackgroundTaskNode>().Name, failed.LastRun.Node);
        Assert.True(history["test.counting"].LastSuccess is { Succeeded: true, ErrorType: null });
    }

    [Fact]
    public async Task A_single_node_task_skips_its_turn_while_another_node_holds_its_lease_and_takes_an_expired_one()
    {
        var runner = _app.Services.GetRequiredService<BackgroundTaskRunner>();
        var counter = _app.Services.GetRequiredService<Counter>();
        var task = runner.Tasks.Single(t => t.Name == "test.single");
        _features.Set(Feature, true);
        var otherNode = new BackgroundTaskLocks(
            _app.Services.GetRequiredService<IServiceScopeFactory>(),
            _app.Services.GetRequiredService<IPortalDatabase>(),
            new BackgroundTaskNode(Options.Create(new BackgroundTaskOptions { NodeName = "other-node" })),
            _time,
            _app.Services.GetRequiredService<IOptions<BackgroundTaskOptions>>(),
            NullLogger<BackgroundTaskLocks>.Instance);

        var held = await otherNode.TryAcquireAsync("test.single", CancellationToken.None);
        Assert.NotNull(held);
        Assert.False(await runner.RunOnceAsync(task, CancellationToken.None));
        Assert.Equal(0, counter.Runs("test.single"));
        Assert.NotNull(runner.StateOf("test.single").LastSkippedUtc);

        await held.DisposeAsync();
        Assert.True(await runner.RunOnceAsync(task, CancellationToken.None));
        Assert.Equal(1, counter.Runs("test.single"));

        // A node that died holding the lease: it expires after the lease duration and this node takes over.
        Assert.True(await otherNode.TakeLeaseAsync("test.single", renew: false, CancellationToken.None));
        Assert.False(await runner.RunOnceAsync(task, CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(3));
        Assert.True(await runner.RunOnceAsync(task, CancellationToken.None));
        Assert.Equal(2, counter.Runs("test.single"));
    }

    [Fact]
    public async Task The_history_keeps_the_newest_runs_per_task_and_the_newest_success()
    {
        var log = _app.Services.GetRequiredService<BackgroundTaskLog>();
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        db.BackgroundTaskRuns.Add(Run(succeeded: true));
        for (var i = 0; i < 150; i++)
        {
            db.BackgroundTaskRuns.Add(Run(succeeded: false));
        }

        await db.SaveChangesAsync();
        await log.PruneAsync(db, "test.prune", CancellationToken.None);

        var kept = await db.BackgroundTaskRuns.AsNoTracking().Where(r => r.TaskName == "test.prune").ToListAsync();
        Assert.Equal(101, kept.Count);
        Assert.Single(kept, r => r.Succeeded);
    }

    private BackgroundTaskRun Run(bool succeeded) => new()
    {
        TaskName = "test.prune",
        Node = "node",
        StartedUtc = _time.GetUtcNow(),
        EndedUtc = _time.GetUtcNow(),
        Succeeded = succeeded,
    };

    private async Task EventuallyAsync(Func<bool> condition, TimeSpan? advance = null)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            if (advance is { } step)
            {
                _time.Advance(step);
            }

            await Task.Delay(50);
        }

        Assert.True(condition());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    private sealed class Switches : IFeatureChecker
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _states = new();

        public void Set(string feature, bool enabled) => _states[feature] = enabled;

        public bool IsEnabled(string featureId) => _states.TryGetValue(featureId, out var on) && on;
    }

    internal sealed class Counter
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _runs = new();

        public void Add(string task) => _runs.AddOrUpdate(task, 1, (_, n) => n + 1);

        public int Runs(string task) => _runs.TryGetValue(task, out var n) ? n : 0;
    }

    internal sealed class CountingTask(Counter counter) : IBackgroundTask
    {
        public Task RunAsync(CancellationToken cancellationToken)
        {
            counter.Add("test.counting");
            return Task.CompletedTask;
        }
    }

    internal sealed class SingleNodeTask(Counter counter) : IBackgroundTask
    {
        public Task RunAsync(CancellationToken cancellationToken)
        {
            counter.Add("test.single");
            return Task.CompletedTask;
        }
    }

    internal sealed class FailingTask : IBackgroundTask
    {
        public Task RunAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The mail server refused chan.tai-man@example.hk.");
    }
}
