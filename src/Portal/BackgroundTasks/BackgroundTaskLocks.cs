using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Hosting.Data;

namespace Portal.Hosting.BackgroundTasks;

/// <summary>
/// Keeps a single-node task on one node at a time. PostgreSQL: a session advisory try-lock on a connection held for
/// the run (released by the database if the node dies). SQLite: a lease row (<see cref="BackgroundTaskLease"/>) taken
/// with one conditional UPDATE, renewed while the task runs and given back at its end, so two processes on one
/// SQLite file take turns too; a lease left by a node that died expires after <see cref="BackgroundTaskOptions.LeaseDuration"/>.
/// A node that does not get the lock skips the turn.
/// </summary>
public sealed class BackgroundTaskLocks(
    IServiceScopeFactory scopes,
    IPortalDatabase database,
    BackgroundTaskNode node,
    TimeProvider time,
    IOptions<BackgroundTaskOptions> options,
    ILogger<BackgroundTaskLocks> logger)
{
    internal TimeSpan LeaseDuration => options.Value.LeaseDuration;

    internal TimeProvider Time => time;

    internal ILogger Logger => logger;

    /// <summary>The lock, or null when another node holds it.</summary>
    public Task<IAsyncDisposable?> TryAcquireAsync(string taskName, CancellationToken cancellationToken) =>
        database.Provider == DatabaseProvider.Postgres
            ? TryAdvisoryLockAsync(taskName, cancellationToken)
            : TryLeaseAsync(taskName, cancellationToken);

    /// <summary>A stable 64-bit advisory lock key per task name (the same on every node and every build).</summary>
    public static long AdvisoryKey(string taskName) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("portal.background-task:" + taskName.ToLowerInvariant())));

    private async Task<IAsyncDisposable?> TryAdvisoryLockAsync(string taskName, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
            await db.Database.OpenConnectionAsync(cancellationToken);
            var key = AdvisoryKey(taskName);
            var taken = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({key}) AS \"Value\"").SingleAsync(cancellationToken);
            if (!taken)
            {
                await db.Database.CloseConnectionAsync();
                await scope.DisposeAsync();
                return null;
            }

            return new AdvisoryLock(scope, db, key);
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    private async Task<IAsyncDisposable?> TryLeaseAsync(string taskName, CancellationToken cancellationToken)
    {
        var name = taskName.ToLowerInvariant();
        if (!await TakeLeaseAsync(name, renew: false, cancellationToken))
        {
            return null;
        }

        return new Lease(this, name);
    }

    /// <summary>Takes the lease when it is free or expired (or renews it when this node holds it).</summary>
    internal async Task<bool> TakeLeaseAsync(string name, bool renew, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var until = now + (long)options.Value.LeaseDuration.TotalMilliseconds;
        var holder = node.Name;
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO portal_background_task_leases (\"Name\", \"Holder\", \"ExpiresUnixMs\") VALUES ({name}, '', 0) ON CONFLICT (\"Name\") DO NOTHING",
            cancellationToken);
        var taken = renew
            ? await db.Database.ExecuteSqlAsync(
                $"UPDATE portal_background_task_leases SET \"ExpiresUnixMs\" = {until} WHERE \"Name\" = {name} AND \"Holder\" = {holder}",
                cancellationToken)
            : await db.Database.ExecuteSqlAsync(
                $"UPDATE portal_background_task_leases SET \"Holder\" = {holder}, \"ExpiresUnixMs\" = {until} WHERE \"Name\" = {name} AND \"ExpiresUnixMs\" < {now}",
                cancellationToken);
        return taken == 1;
    }

    private async Task ReleaseLeaseAsync(string name)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        var holder = node.Name;
        await db.Database.ExecuteSqlAsync(
            $"UPDATE portal_background_task_leases SET \"Holder\" = '', \"ExpiresUnixMs\" = 0 WHERE \"Name\" = {name} AND \"Holder\" = {holder}");
    }

    private sealed class AdvisoryLock(AsyncServiceScope scope, HostDbContext db, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({key})");
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                // Closing the connection below ends the session, and with it the lock.
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
                await scope.DisposeAsync();
            }
        }
    }

    /// <summary>Renews the lease every third of its duration until disposed, then gives it back.</summary>
    private sealed class Lease : IAsyncDisposable
    {
        private readonly BackgroundTaskLocks _locks;
        private readonly string _name;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;

        public Lease(BackgroundTaskLocks locks, string name)
        {
            _locks = locks;
            _name = name;
            _renewal = RenewAsync();
        }

        private async Task RenewAsync()
        {
            var every = _locks.LeaseDuration / 3;
            try
            {
                while (true)
                {
                    await Task.Delay(every, _locks.Time, _stop.Token);
                    try
                    {
                        if (!await _locks.TakeLeaseAsync(_name, renew: true, _stop.Token))
                        {
                            _locks.Logger.LogWarning("The lease of background task {Task} was lost while it ran.", _name);
                        }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        _locks.Logger.LogWarning(ex, "Could not renew the lease of background task {Task}.", _name);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewal;
            _stop.Dispose();
            try
            {
                await _locks.ReleaseLeaseAsync(_name);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                // The lease expires by itself.
                _locks.Logger.LogWarning(ex, "Could not give back the lease of background task {Task}.", _name);
            }
        }
    }
}

/// <summary>This node's name in the run history and in leases: configured, or machine name, process id and a
/// random part (several nodes may run in one process in tests).</summary>
public sealed class BackgroundTaskNode(IOptions<BackgroundTaskOptions> options)
{
    public string Name { get; } = string.IsNullOrWhiteSpace(options.Value.NodeName)
        ? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}"
        : options.Value.NodeName.Trim();
}
