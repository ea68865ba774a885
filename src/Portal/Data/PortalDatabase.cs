using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;

namespace Portal.Hosting.Data;

/// <summary>The configured site database: a SQLite file in the data folder by default, PostgreSQL when configured.</summary>
internal sealed class PortalDatabase : IPortalDatabase
{
    private readonly string _connectionString;

    public PortalDatabase(IOptions<PortalOptions> options, IConfiguration configuration, IDataFolder dataFolder)
    {
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

            builder.Pooling = true;
            builder.DefaultTimeout = 30;
            _connectionString = builder.ToString();
        }
    }

    public DatabaseProvider Provider { get; }

    public void Configure(DbContextOptionsBuilder options)
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(_connectionString);
        }
        else
        {
            options.UseSqlite(_connectionString);
        }
    }

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
