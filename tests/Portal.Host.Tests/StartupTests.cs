using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Hosting.BackgroundTasks;
using Portal.Hosting.Data;

namespace Portal.Host.Tests;

/// <summary>
/// What a restart of an existing site skips (issue 16, cold start): the per-context schema check when the version
/// table says every module is current, and the background tasks' first turn until the first request is answered.
/// </summary>
public sealed class StartupTests : IClassFixture<HostServicesFixture>
{
    private readonly HostServicesFixture _site;

    public StartupTests(HostServicesFixture site) => _site = site;

    [Fact]
    public async Task A_database_at_every_modules_current_version_is_current_and_one_behind_or_missing_is_not()
    {
        await using var scope = _site.CreateScope();
        var migrator = scope.ServiceProvider.GetRequiredService<SchemaMigrator>();
        Assert.True(await migrator.IsSchemaCurrentAsync(CancellationToken.None));

        var database = (PortalDatabase)scope.ServiceProvider.GetRequiredService<Portal.Data.IPortalDatabase>();
        await using var connection = (SqliteConnection)database.CreateConnection();
        await connection.OpenAsync();
        var version = await ScalarAsync(connection, "SELECT version FROM portal_schema_versions WHERE context_name = 'ContentDbContext'");
        Assert.True(version >= 2, "the content module has migrations, so its current version is above 1");
        try
        {
            await ScalarAsync(connection, $"UPDATE portal_schema_versions SET version = {version - 1} WHERE context_name = 'ContentDbContext'");
            Assert.False(await migrator.IsSchemaCurrentAsync(CancellationToken.None));

            await ScalarAsync(connection, $"UPDATE portal_schema_versions SET version = {version} WHERE context_name = 'ContentDbContext'");
            await ScalarAsync(connection, "UPDATE portal_schema_versions SET context_name = 'Renamed' WHERE context_name = 'SearchDbContext'");
            Assert.False(await migrator.IsSchemaCurrentAsync(CancellationToken.None));
        }
        finally
        {
            await ScalarAsync(connection, $"UPDATE portal_schema_versions SET version = {version} WHERE context_name = 'ContentDbContext'");
            await ScalarAsync(connection, "UPDATE portal_schema_versions SET context_name = 'SearchDbContext' WHERE context_name = 'Renamed'");
        }

        Assert.True(await migrator.IsSchemaCurrentAsync(CancellationToken.None));
        // Current: migrating again does nothing and leaves it current.
        await migrator.MigrateAsync(CancellationToken.None);
        Assert.True(await migrator.IsSchemaCurrentAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Background_tasks_wait_for_the_first_answered_request_or_the_start_delay()
    {
        var time = new FakeTimeProvider();

        // Not armed (no web pipeline: a command, a test driving the runner): no wait.
        var unarmed = new FirstRequestGate();
        Assert.True(unarmed.WaitAsync(TimeSpan.FromSeconds(10), time, CancellationToken.None).IsCompletedSuccessfully);

        // Armed: waits until a request has been answered.
        var gate = new FirstRequestGate();
        gate.Arm();
        var waiting = gate.WaitAsync(TimeSpan.FromSeconds(10), time, CancellationToken.None);
        var request = new TaskCompletionSource();
        var answered = gate.OpenAfterAsync(request.Task);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        request.SetResult();
        await answered;
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(gate.IsOpen);

        // A failed request opens it too.
        var failing = new FirstRequestGate();
        failing.Arm();
        var waitingForFailure = failing.WaitAsync(TimeSpan.FromSeconds(10), time, CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.OpenAfterAsync(Task.FromException(new InvalidOperationException())));
        await waitingForFailure.WaitAsync(TimeSpan.FromSeconds(5));

        // Nobody asks: the tasks run after the start delay anyway.
        var idle = new FirstRequestGate();
        idle.Arm();
        var waitingIdle = idle.WaitAsync(TimeSpan.FromSeconds(10), time, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(50);
        Assert.False(waitingIdle.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await waitingIdle.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(idle.IsOpen);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? 0 : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }
}
