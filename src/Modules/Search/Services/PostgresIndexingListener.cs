using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Portal.Data;
using Portal.Search.Data;

namespace Portal.Search.Services;

/// <summary>
/// On PostgreSQL, keeps one connection per node listening on <see cref="Channel"/>: every enqueue notifies it when its
/// transaction commits (<see cref="IndexingQueue"/>), and the listener wakes this node's indexing task, so a change
/// made on another node reaches this node's search within a second instead of at the next poll. The poll stays as the
/// safety net (a notification lost while reconnecting is caught up at the next poll). Does nothing on SQLite, where
/// every node shares one file and one machine.
/// </summary>
internal sealed class PostgresIndexingListener(
    IServiceScopeFactory scopes,
    IndexingSignal signal,
    ILogger<PostgresIndexingListener> logger) : BackgroundService
{
    public const string Channel = "portal_search_indexing";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        string? connectionString;
        await using (var scope = scopes.CreateAsyncScope())
        {
            if (scope.ServiceProvider.GetService<IPortalDatabase>()?.Provider != DatabaseProvider.Postgres)
            {
                return;
            }

            connectionString = scope.ServiceProvider.GetRequiredService<SearchDbContext>().Database.GetConnectionString();
        }

        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, _) => signal.Wake();
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand("LISTEN " + Channel, connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Anything committed while this node was not listening is applied now.
                signal.Wake();
                delay = TimeSpan.FromSeconds(1);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning(ex, "Listening for search changes on PostgreSQL failed; polling meanwhile, listening again in {Delay}.", delay);
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }
}
