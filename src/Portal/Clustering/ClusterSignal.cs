using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Clustering;
using Portal.Data;
using Portal.Hosting.BackgroundTasks;
using Portal.Hosting.Data;

namespace Portal.Hosting.Clustering;

/// <summary>
/// The host's <see cref="IClusterSignal"/>. Publishing runs this node's handlers at once, then tells the other nodes:
/// on PostgreSQL with <c>pg_notify('portal_cluster', 'node|channel')</c>, heard on a connection this service keeps
/// listening (re-opened after a failure, and then every channel is raised, as notifications may have been missed); on
/// SQLite by counting the channel's row up in <c>portal_cluster_signals</c>, which every node reads twice a second.
/// </summary>
public sealed partial class ClusterSignal(
    IServiceScopeFactory scopes,
    IPortalDatabase database,
    BackgroundTaskNode node,
    TimeProvider time,
    ILogger<ClusterSignal> logger) : BackgroundService, IClusterSignal
{
    internal const string NotifyChannel = "portal_cluster";
    internal static readonly TimeSpan SqlitePollInterval = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, ImmutableList<Func<CancellationToken, Task>>> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _seenVersions = new(StringComparer.Ordinal);

    public async Task PublishAsync(string channel, CancellationToken cancellationToken = default)
    {
        if (!ValidChannel().IsMatch(channel))
        {
            throw new ArgumentException("A channel name is 1 to 100 letters, digits, '.', '-', '_' or ':'.", nameof(channel));
        }

        await DispatchAsync(channel, cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
            if (database.Provider == DatabaseProvider.Postgres)
            {
                var payload = node.Name + "|" + channel;
                await db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotifyChannel}, {payload})", cancellationToken);
            }
            else
            {
                var version = await db.Database.SqlQuery<long>(
                    $"INSERT INTO portal_cluster_signals (\"Channel\", \"Version\") VALUES ({channel}, 1) ON CONFLICT (\"Channel\") DO UPDATE SET \"Version\" = portal_cluster_signals.\"Version\" + 1 RETURNING \"Version\" AS \"Value\"")
                    .ToListAsync(cancellationToken);
                // Only when no other node's change came in between (the poll raises that one).
                if (version.Count == 1 && _seenVersions.TryGetValue(channel, out var seen) && seen == version[0] - 1)
                {
                    _seenVersions[channel] = version[0];
                }
            }
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            // This node already knows; the others see it when their cache entry expires.
            logger.LogWarning(ex, "Could not tell the other nodes about a change on {Channel}.", channel);
        }
    }

    public IDisposable Subscribe(string channel, Func<CancellationToken, Task> handler)
    {
        _handlers.AddOrUpdate(channel, _ => [handler], (_, list) => list.Add(handler));
        return new Subscription(() => _handlers.AddOrUpdate(channel, _ => [], (_, list) => list.Remove(handler)));
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        database.Provider == DatabaseProvider.Postgres ? ListenAsync(stoppingToken) : PollAsync(stoppingToken);

    private async Task DispatchAsync(string channel, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(channel, out var handlers))
        {
            return;
        }

        foreach (var handler in handlers)
        {
            try
            {
                await handler(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "A handler of cluster signal {Channel} failed.", channel);
            }
        }
    }

    private async Task DispatchAllAsync(CancellationToken cancellationToken)
    {
        foreach (var channel in _handlers.Keys)
        {
            await DispatchAsync(channel, cancellationToken);
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                string connectionString;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    connectionString = scope.ServiceProvider.GetRequiredService<HostDbContext>().Database.GetConnectionString()!;
                }

                var builder = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 30, Pooling = false };
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                var heard = System.Threading.Channels.Channel.CreateUnbounded<string>();
                connection.Notification += (_, e) => heard.Writer.TryWrite(e.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand("LISTEN " + NotifyChannel, connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Listening (again): what changed before was not heard.
                await DispatchAllAsync(stoppingToken);
                var dispatching = DispatchHeardAsync(heard.Reader, stoppingToken);
                try
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await connection.WaitAsync(stoppingToken);
                    }
                }
                finally
                {
                    heard.Writer.TryComplete();
                    await dispatching;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Listening for cluster signals failed; trying again in 2 s.");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task DispatchHeardAsync(System.Threading.Channels.ChannelReader<string> heard, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var payload in heard.ReadAllAsync(stoppingToken))
            {
                var bar = payload.IndexOf('|', StringComparison.Ordinal);
                if (bar > 0 && payload[..bar] != node.Name)
                {
                    await DispatchAsync(payload[(bar + 1)..], stoppingToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
                    var rows = await db.ClusterSignals.AsNoTracking().ToListAsync(stoppingToken);
                    foreach (var row in rows)
                    {
                        var known = _seenVersions.TryGetValue(row.Channel, out var seen);
                        _seenVersions[row.Channel] = row.Version;
                        if (!first && (!known || seen != row.Version))
                        {
                            await DispatchAsync(row.Channel, stoppingToken);
                        }
                    }
                }

                if (first)
                {
                    // Whatever changed between loading the caches at start-up and this first read.
                    await DispatchAllAsync(stoppingToken);
                    first = false;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Reading cluster signals failed; trying again.");
            }

            try
            {
                await Task.Delay(SqlitePollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidChannel();

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
