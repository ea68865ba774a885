using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Portal.Data;

namespace Portal.Testing;

/// <summary>The site database as a module sees it (<see cref="IPortalDatabase"/>), on one open SQLite connection
/// (in-memory: the data lives as long as the connection), with the given interceptors (e.g. a
/// <see cref="SqlQueryCounter"/>). Lists in queries go as one parameter, as on the site (PortalDatabase).</summary>
public sealed class SqliteTestDatabase(SqliteConnection connection, params IInterceptor[] interceptors) : IPortalDatabase
{
    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public void Configure(DbContextOptionsBuilder options) =>
        options.UseSqlite(connection, o => o.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)).AddInterceptors(interceptors);
}
