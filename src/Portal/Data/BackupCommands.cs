using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Portal.Commands;
using Portal.Data;

namespace Portal.Hosting.Data;

/// <summary>A host command that runs on the data folder and database as they are: no schema upgrade and no setup
/// recipe first (a backup copies what is there; a restore replaces it, and the next start upgrades it).</summary>
internal interface IRunsBeforeSiteSetup;

/// <summary>
/// <c>dotnet Portal.dll backup &lt;dir&gt;</c>: a consistent copy of the site while it runs. SQLite: the online backup API
/// (a snapshot even while nodes write); PostgreSQL: <c>pg_dump --format=custom</c>. Plus every file in the data folder
/// that matters (uploads, fonts…), but not the SQLite files themselves (copied by the backup API) and not the search
/// index (rebuilt from the database). A <c>backup.json</c> says what is in the folder.
/// </summary>
internal sealed class BackupCommand(IPortalDatabase portalDatabase, IDataFolder dataFolder, TimeProvider clock) : IPortalCommand, IRunsBeforeSiteSetup
{
    private readonly PortalDatabase database = (PortalDatabase)portalDatabase;

    public string Name => "backup";

    public string Description => "Backs the site up into an empty folder: the database and the data folder's files (not the search index).";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Count != 1)
        {
            await output.WriteLineAsync("Usage: backup <empty or new folder>");
            return 2;
        }

        var target = Path.GetFullPath(arguments[0]);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            await output.WriteLineAsync($"The folder {target} is not empty: choose a new or empty folder for the backup.");
            return 1;
        }

        if (IsInside(target, dataFolder.Root))
        {
            await output.WriteLineAsync($"The backup folder {target} is inside the data folder {dataFolder.Root}: choose a folder outside it.");
            return 1;
        }

        Directory.CreateDirectory(target);
        string databaseFile;
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            databaseFile = BackupFiles.SqliteFile;
            await using var source = new SqliteConnection(database.ConnectionString);
            await source.OpenAsync(cancellationToken);
            await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(target, databaseFile), Pooling = false }.ToString());
            await copy.OpenAsync(cancellationToken);
            source.BackupDatabase(copy);
        }
        else
        {
            databaseFile = BackupFiles.PostgresFile;
            var result = await PostgresTools.RunAsync("pg_dump", database.ConnectionString, ["--format=custom", "--no-owner", "--no-privileges", "--file", Path.Combine(target, databaseFile)], cancellationToken);
            if (result is not null)
            {
                await output.WriteLineAsync(result);
                return 1;
            }
        }

        var files = BackupFiles.Copy(dataFolder.Root, Path.Combine(target, BackupFiles.FilesFolder), database.SqliteFileName);
        var manifest = new BackupManifest(BackupManifest.CurrentFormat, database.Provider.ToString(), databaseFile, files, clock.GetUtcNow());
        await File.WriteAllTextAsync(Path.Combine(target, BackupManifest.FileName), JsonSerializer.Serialize(manifest, BackupManifest.Json), cancellationToken);
        await output.WriteLineAsync($"Backed up the {database.Provider} database and {files} {(files == 1 ? "file" : "files")} from {dataFolder.Root} to {target}.");
        return 0;
    }

    internal static bool IsInside(string path, string folder) =>
        (path + Path.DirectorySeparatorChar).StartsWith(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}

/// <summary>
/// <c>dotnet Portal.dll restore &lt;dir&gt;</c>: replaces the configured site's database and data-folder files with a
/// backup. Stop every node first. SQLite: the backup API copies the backup over the site's database file; PostgreSQL:
/// the <c>public</c> schema is emptied and <c>pg_restore</c> loads the dump in one transaction. The search index is
/// deleted, so the next start rebuilds it from the restored database; that start also upgrades an older backup's
/// schema.
/// </summary>
internal sealed class RestoreCommand(IPortalDatabase portalDatabase, IDataFolder dataFolder) : IPortalCommand, IRunsBeforeSiteSetup
{
    private readonly PortalDatabase database = (PortalDatabase)portalDatabase;

    public string Name => "restore";

    public string Description => "Restores a backup made with 'backup' into the configured site (stop every node first).";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Count != 1)
        {
            await output.WriteLineAsync("Usage: restore <backup folder>");
            return 2;
        }

        var source = Path.GetFullPath(arguments[0]);
        var manifestPath = Path.Combine(source, BackupManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            await output.WriteLineAsync($"{source} is not a portal backup: it has no {BackupManifest.FileName}.");
            return 1;
        }

        var manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(manifestPath, cancellationToken), BackupManifest.Json);
        if (manifest is null || manifest.Format != BackupManifest.CurrentFormat)
        {
            await output.WriteLineAsync($"{manifestPath} is not a backup this version can read.");
            return 1;
        }

        if (!string.Equals(manifest.Provider, database.Provider.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            await output.WriteLineAsync($"The backup holds a {manifest.Provider} database but this site is configured for {database.Provider} (Portal:Database:Provider).");
            return 1;
        }

        var databaseFile = Path.Combine(source, Path.GetFileName(manifest.DatabaseFile));
        if (!File.Exists(databaseFile))
        {
            await output.WriteLineAsync($"The backup's database file {databaseFile} is missing.");
            return 1;
        }

        if (database.Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            await using var backup = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await backup.OpenAsync(cancellationToken);
            await using var site = new SqliteConnection(database.ConnectionString);
            await site.OpenAsync(cancellationToken);
            backup.BackupDatabase(site);
            SqliteConnection.ClearAllPools();
        }
        else
        {
            await using (var connection = new NpgsqlConnection(database.ConnectionString))
            {
                await connection.OpenAsync(cancellationToken);
                await using var drop = new NpgsqlCommand("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;", connection);
                await drop.ExecuteNonQueryAsync(cancellationToken);
            }

            var result = await PostgresTools.RunAsync("pg_restore", database.ConnectionString, ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--dbname=" + new NpgsqlConnectionStringBuilder(database.ConnectionString).Database, databaseFile], cancellationToken);
            if (result is not null)
            {
                await output.WriteLineAsync(result);
                return 1;
            }
        }

        // The data folder's files: those of the backup replace those of the site (the database files and the backup
        // itself excepted); the search index goes, to be rebuilt from the restored database at the next start.
        foreach (var entry in Directory.EnumerateFileSystemEntries(dataFolder.Root))
        {
            var name = Path.GetFileName(entry);
            if (BackupFiles.IsDatabaseFile(name, database.SqliteFileName) || BackupCommand.IsInside(source, entry) || entry == source)
            {
                continue;
            }

            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }

        var files = BackupFiles.Copy(Path.Combine(source, BackupFiles.FilesFolder), dataFolder.Root, database.SqliteFileName);
        await output.WriteLineAsync($"Restored the {manifest.Provider} database and {files} {(files == 1 ? "file" : "files")} from {source} (made {manifest.CreatedUtc:u}) into {dataFolder.Root}. " +
            "The search index is rebuilt at the next start.");
        return 0;
    }
}

internal sealed record BackupManifest(int Format, string Provider, string DatabaseFile, int Files, DateTimeOffset CreatedUtc)
{
    public const int CurrentFormat = 1;
    public const string FileName = "backup.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}

internal static class BackupFiles
{
    public const string SqliteFile = "portal.db";
    public const string PostgresFile = "portal.dump";
    public const string FilesFolder = "files";

    /// <summary>What is not backed up: the search index and its lock file (rebuilt from the database).</summary>
    private static bool IsSkipped(string name) => name.StartsWith("search-index", StringComparison.Ordinal);

    public static bool IsDatabaseFile(string name, string? sqliteFile) =>
        sqliteFile is not null && (name == sqliteFile || name == sqliteFile + "-wal" || name == sqliteFile + "-shm" || name == sqliteFile + "-journal");

    /// <summary>Copies the data folder's files (recursively) but the database files and skipped folders; returns how many.</summary>
    public static int Copy(string from, string to, string? sqliteFile)
    {
        if (!Directory.Exists(from))
        {
            return 0;
        }

        Directory.CreateDirectory(to);
        var count = 0;
        foreach (var entry in Directory.EnumerateFileSystemEntries(from))
        {
            var name = Path.GetFileName(entry);
            if (IsDatabaseFile(name, sqliteFile) || IsSkipped(name))
            {
                continue;
            }

            if (Directory.Exists(entry))
            {
                count += Copy(entry, Path.Combine(to, name), sqliteFile: null);
            }
            else
            {
                File.Copy(entry, Path.Combine(to, name), overwrite: true);
                count++;
            }
        }

        return count;
    }
}

/// <summary>Runs pg_dump/pg_restore (from PATH or Debian's /usr/lib/postgresql/*/bin) with the site's connection in
/// environment variables, so the password never appears on a command line.</summary>
internal static class PostgresTools
{
    /// <summary>Null on success, otherwise what went wrong.</summary>
    public static async Task<string?> RunAsync(string tool, string connectionString, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Find(tool);
        if (path is null)
        {
            return $"{tool} was not found (PATH or /usr/lib/postgresql/*/bin): install the PostgreSQL client of the server's version (Debian: postgresql-client).";
        }

        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var info = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["PGHOST"] = target.Host ?? "localhost";
        info.Environment["PGPORT"] = target.Port.ToString(CultureInfo.InvariantCulture);
        info.Environment["PGDATABASE"] = target.Database ?? string.Empty;
        info.Environment["PGUSER"] = target.Username ?? Environment.UserName;
        if (!string.IsNullOrEmpty(target.Password))
        {
            info.Environment["PGPASSWORD"] = target.Password;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var outputText = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 ? null : $"{tool} failed with exit code {process.ExitCode}: {(await errors).Trim()} {(await outputText).Trim()}".Trim();
    }

    private static string? Find(string tool)
    {
        // Debian's versioned binaries first (the /usr/bin wrapper wants a local cluster), newest version first.
        var versioned = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin", tool))
                .FirstOrDefault(File.Exists)
            : null;
        return versioned ?? (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, tool))
            .FirstOrDefault(File.Exists);
    }
}
