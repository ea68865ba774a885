using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;

namespace Portal.Hosting.Data;

/// <summary>The configured site database: a SQLite file in the data folder by default, PostgreSQL when configured.</summary>
internal sealed class PortalDatabase : IPortalDatabase
{
    private readonly string _connectionString;

    private readonly Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] _interceptors;

    public PortalDatabase(IOptions<PortalOptions> options, IConfiguration configuration, IDataFolder dataFolder, IEnumerable<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor> interceptors)
    {
        // The host's (the page cache sees writes) and any a test adds to count queries.
        _interceptors = [.. interceptors];
        var provider = options.Value.Database.Provider;
        Provider = provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase)
                ? DatabaseProvider.Sqlite
                : throw new InvalidOperationException($"Portal:Database:Provider must be 'Sqlite' or 'Postgres', not '{provider}'.");

        var configured = configuration.GetConnectionString("Portal");
        if (Provider == DatabaseProvider.Postgres)
        {
            _connectionString = string.IsNullOrWhiteSpace(configured)
                ? throw new InvalidOperationException("Portal:Database:Provider is Postgres but ConnectionStrings:Portal is empty.")
                : configured;
        }
        else
        {
            var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "Data Source=portal.db" : configured);
            if (!Path.IsPathRooted(builder.DataSource) && builder.DataSource != ":memory:")
            {
                builder.DataSource = Path.Combine(dataFolder.Root, builder.DataSource);
            }

            if (string.Equals(Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)), Path.GetFullPath(dataFolder.Root).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            {
                SqliteFileName = Path.GetFileName(builder.DataSource);
            }

            builder.Pooling = true;
            builder.DefaultTimeout = 30;
            _connectionString = builder.ToString();
        }
    }

    public DatabaseProvider Provider { get; }

    /// <summary>A new, closed connection to the site database, outside EF Core (the start-up schema check).</summary>
    internal System.Data.Common.DbConnection CreateConnection() =>
        Provider == DatabaseProvider.Postgres ? new Npgsql.NpgsqlConnection(_connectionString) : new SqliteConnection(_connectionString);

    /// <summary>For the backup and restore commands.</summary>
    internal string ConnectionString => _connectionString;

    /// <summary>The SQLite file's name when it lies directly in the data folder (the default), else null.</summary>
    internal string? SqliteFileName { get; private set; }

    public void Configure(DbContextOptionsBuilder options)
    {
        // A list in a query (ids.Contains(x)) goes as one array parameter (PostgreSQL: = ANY(@ids); SQLite: json_each(@ids)),
        // not EF Core 10's default of one parameter per item: with that, the SQL differs by the list's length, so EF
        // builds it again on every execution under a lock per query, and concurrent pages wait on each other there
        // (a quarter of /community's time at 8 connections in a profile). With one parameter the SQL is built once.
        if (Provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(_connectionString, o => o.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
        }
        else
        {
            options.UseSqlite(_connectionString, o => o.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
        }

        if (_interceptors.Length > 0)
        {
            options.AddInterceptors(_interceptors);
        }
    }

    /// <summary>
    /// PostgreSQL: waits until the server answers (a node started while it is down, or before it, as after a power
    /// cut), logging each retry with the server's address and the reason; gives up after <paramref name="timeout"/>.
    /// A wrong password or database name is not waited for. SQLite: nothing to wait for.
    /// </summary>
    public async Task WaitUntilReachableAsync(TimeSpan timeout, ILogger logger, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        var target = new Npgsql.NpgsqlConnectionStringBuilder(_connectionString);
        var where = $"PostgreSQL at {target.Host}:{target.Port}, database {target.Database}";
        var started = clock.GetUtcNow();
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new Npgsql.NpgsqlConnection(_connectionString);
                await connection.OpenAsync(cancellationToken);
                if (attempt > 1)
                {
                    logger.LogInformation("The database answers ({Where}) after {Attempts} attempts", where, attempt);
                }

                return;
            }
            catch (Exception ex) when (IsWorthWaitingFor(ex))
            {
                var waited = clock.GetUtcNow() - started;
                if (waited + delay > timeout)
                {
                    throw new InvalidOperationException(
                        $"Could not reach the database ({where}) for {waited.TotalSeconds:0} s: {ex.Message}. Check that PostgreSQL is running and " +
                        "ConnectionStrings:Portal; Portal:Database:StartupTimeout sets how long a starting node waits.", ex);
                }

                logger.LogWarning("Waiting for the database ({Where}): {Reason}. Trying again in {Delay} s (attempt {Attempt}; giving up after {Timeout} s)",
                    where, ex.Message, delay.TotalSeconds, attempt, timeout.TotalSeconds);
                await Task.Delay(delay, clock, cancellationToken);
                delay = TimeSpan.FromSeconds(Math.Min(15, delay.TotalSeconds * 2));
            }
        }
    }

    private static bool IsWorthWaitingFor(Exception ex) => ex switch
    {
        // 57P03: starting up; 08: connection; 53: too many connections. A wrong password (28P01) or database (3D000) is not.
        Npgsql.PostgresException pg => pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("53", StringComparison.Ordinal),
        Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException => true,
        _ => false,
    };

    /// <summary>SQLite: WAL so readers never block the writer and a crash never corrupts the file.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

internal sealed class DataFolder : IDataFolder
{
    public DataFolder(IOptions<PortalOptions> options, IHostEnvironment environment)
    {
        Root = options.Value.ResolveDataDir(environment.ContentRootPath);
        EnsureUsable(Root);
    }

    /// <summary>Creates the data folder if missing and proves it writable; otherwise stops with a message that names
    /// the folder, the reason and what to do (instead of "SQLite Error 14" and no path).</summary>
    public static void EnsureUsable(string root)
    {
        var missing = !Directory.Exists(root);
        try
        {
            Directory.CreateDirectory(root);
            var probe = Path.Combine(root, $".write-test-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "portal");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            var state = missing ? "is missing and cannot be created" : "is not writable";
            throw new InvalidOperationException(
                $"The data folder {root} {state} ({ex.GetType().Name}: {ex.Message}). The portal keeps its SQLite database, search index and " +
                $"uploads there: make it writable for the user the portal runs as ({Environment.UserName}), or point Portal:DataDir " +
                "(environment variable Portal__DataDir) at a folder that is.", ex);
        }
    }

    public string Root { get; }

    public string GetFolder(params string[] parts)
    {
        var path = Path.GetFullPath(Path.Combine([Root, .. parts]));
        if (!path.StartsWith(Root, StringComparison.Ordinal))
        {
            throw new ArgumentException("The folder must stay inside the data folder.", nameof(parts));
        }

        Directory.CreateDirectory(path);
        return path;
    }
}
