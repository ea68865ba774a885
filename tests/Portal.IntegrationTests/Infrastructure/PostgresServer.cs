using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Portal.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster on 127.0.0.1 for the whole test run (Debian's postgresql package; the test
/// command installs it). Each site gets its own database. The cluster is stopped when the test process exits.
/// </summary>
public sealed class PostgresServer
{
    private const string Prefix = "portal-pg-";
    private static readonly Lazy<PostgresServer> Shared = new(() => new PostgresServer());
    private readonly string _root;
    private readonly string _pgCtl;
    private readonly bool _asRoot;
    private int _databases;

    private PostgresServer()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed: run the README's test command (it installs the Debian package 'postgresql').");
        }

        _pgCtl = Path.Combine(bin, "pg_ctl");
        _asRoot = Environment.UserName == "root";
        RemoveStaleClusters();
        _root = Directory.CreateTempSubdirectory(Prefix).FullName;
        var data = Path.Combine(_root, "data");
        if (_asRoot)
        {
            Run("chown", "postgres", _root);
        }

        Port = FreePort();
        RunAs(Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        RunAs(_pgCtl, "-D", data, "-l", Path.Combine(_root, "log"), "-w", "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {_root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(data);
    }

    public static PostgresServer Instance => Shared.Value;

    public int Port { get; }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = $"portal_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        using (var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0";
            command.ExecuteNonQuery();
        }

        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Pooling=true;Maximum Pool Size=20";
    }

    private void Stop(string data)
    {
        try
        {
            RunAs(_pgCtl, "-D", data, "-m", "immediate", "stop");
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception)
        {
            // Best effort at process exit.
        }
    }

    /// <summary>
    /// Removes the clusters of earlier runs whose server no longer runs. The exit handler above stops the server and
    /// deletes its folder, but a test host that is slow to exit is ended by the test runner before the deletion
    /// finishes, and a crashed one runs no handler: 120 such folders of up to 430 MB each (23 GB) had piled up in /tmp on
    /// a developer machine. A folder is kept while its postmaster runs (another run's cluster) and for its first ten
    /// minutes (another run may be inside initdb, before there is a postmaster.pid).
    /// </summary>
    private static void RemoveStaleClusters()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            try
            {
                var pidFile = Path.Combine(folder, "data", "postmaster.pid");
                var running = File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) && IsRunning(pid);
                if (!running && Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddMinutes(-10))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Not ours to remove (another user's run), or in use: left as it is.
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private void RunAs(string file, params string[] args)
    {
        if (_asRoot)
        {
            Run("runuser", ["-u", "postgres", "--", file, .. args]);
        }
        else
        {
            Run(file, args);
        }
    }

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {output.Result}{error.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
