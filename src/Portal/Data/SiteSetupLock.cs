using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Hosting.Data;

/// <summary>
/// Held while a node runs the set-up recipe. On PostgreSQL a session advisory lock on its own connection, so that
/// several nodes starting together on a fresh database set the site up once; on SQLite (one machine, one file)
/// nothing is needed.
/// </summary>
internal sealed class SiteSetupLock : IAsyncDisposable
{
    private const long AdvisoryLockKey = 0x506f7274616d; // next to the schema migrator's and the key ring's locks

    private readonly IServiceScope? scope;
    private readonly HostDbContext? db;

    private SiteSetupLock(IServiceScope? scope, HostDbContext? db)
    {
        this.scope = scope;
        this.db = db;
    }

    public static async Task<SiteSetupLock> AcquireAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetRequiredService<IPortalDatabase>().Provider != DatabaseProvider.Postgres)
        {
            return new SiteSetupLock(null, null);
        }

        var scope = services.CreateScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
            return new SiteSetupLock(scope, db);
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (db is not null)
        {
            try
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({AdvisoryLockKey})");
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        scope?.Dispose();
    }
}
