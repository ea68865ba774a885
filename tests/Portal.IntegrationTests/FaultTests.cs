using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

public sealed class FaultTests
{
    /// <summary>The database goes away under a running site: pages answer 503 with Retry-After, a static page in the
    /// person's language and the security headers (before: an empty 500 without headers). The outage is a PostgreSQL
    /// database that stops taking connections (its sessions ended), as when the server goes down. (Overwriting a live
    /// SQLite file instead would pull the memory-mapped WAL index from under the site's open connections and can crash
    /// the whole test process.)</summary>
    [Fact]
    public async Task During_a_database_outage_pages_answer_503_with_retry_after_and_a_localized_page()
    {
        using var site = new PostgresPortalSite();
        using var client = site.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/sign-in")).StatusCode);
        using var member = await site.SignInAsync("member");
        var database = new Npgsql.NpgsqlConnectionStringBuilder(
            site.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["ConnectionStrings:Portal"]).Database!;

        await CutOffAsync(database, cutOff: true);
        try
        {
            // A signed-in person (the session check needs the database) and an anonymous one, in both languages.
            using var signedIn = await member.GetAsync("/account");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, signedIn.StatusCode);

            using var zh = await client.GetAsync("/account?culture=zh-HK");
            var anonymous = zh.StatusCode == HttpStatusCode.ServiceUnavailable ? zh : await client.GetAsync("/kb");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, anonymous.StatusCode);
            Assert.Equal("30", anonymous.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(anonymous.Headers.Contains("Content-Security-Policy"));
            Assert.Contains("暫時未能使用", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            using var en = await client.GetAsync("/kb?culture=en");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, en.StatusCode);
            Assert.Contains("Temporarily unavailable", await en.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await CutOffAsync(database, cutOff: false);
        }
    }

    /// <summary>Stops (or allows again) new connections to one database of the shared test server and ends its sessions.</summary>
    private static async Task CutOffAsync(string database, bool cutOff)
    {
        await using var admin = new Npgsql.NpgsqlConnection($"Host=127.0.0.1;Port={PostgresServer.Instance.Port};Username=postgres;Database=postgres;Pooling=false");
        await admin.OpenAsync();
        await using (var allow = new Npgsql.NpgsqlCommand($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS {(cutOff ? "false" : "true")}", admin))
        {
            await allow.ExecuteNonQueryAsync();
        }

        if (cutOff)
        {
            await using var end = new Npgsql.NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", admin);
            end.Parameters.AddWithValue("db", database);
            await end.ExecuteNonQueryAsync();
            Npgsql.NpgsqlConnection.ClearAllPools();
        }
    }

    [Fact]
    public void A_data_folder_that_cannot_be_created_stops_the_start_naming_the_folder_and_the_reason()
    {
        var parent = Path.Combine(Path.GetTempPath(), $"portal-not-a-folder-{Guid.NewGuid():N}");
        File.WriteAllText(parent, "a file where the data folder's parent should be");
        try
        {
            var dataDir = Path.Combine(parent, "data");
            using var site = new DataDirSite(dataDir);
            var error = Assert.ThrowsAny<Exception>(() => site.CreateClient());
            Assert.Contains($"The data folder {dataDir} is missing and cannot be created", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("Portal__DataDir", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(parent);
        }
    }

    private sealed class DataDirSite(string dataDir) : PortalSite(new Dictionary<string, string?> { ["Portal:DataDir"] = dataDir });
}

public sealed class DatabaseStartupTests
{
    /// <summary>Before: a node started while PostgreSQL was down aborted after 1.5 s. Now it waits, retrying with a
    /// log line, and gives up only after Portal:Database:StartupTimeout with the server's address and the reason.</summary>
    [Fact]
    public void A_node_started_while_postgresql_is_down_waits_and_retries_before_giving_up_with_a_clear_message()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var site = new DownDatabaseSite(port);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.ThrowsAny<Exception>(() => site.CreateClient());
        watch.Stop();

        Assert.Contains($"Could not reach the database (PostgreSQL at 127.0.0.1:{port}, database portal_down)", error.ToString(), StringComparison.Ordinal);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(2.5), $"gave up after {watch.Elapsed.TotalSeconds:0.0} s without waiting");
    }

    /// <summary>PostgreSQL is down when the node starts (nothing answers on its address), and comes back a few
    /// seconds later (a relay to the real server opens on that address): the node logs that it is waiting for the
    /// database, then starts and answers.</summary>
    [Fact]
    public async Task A_node_started_while_postgresql_is_down_logs_that_it_waits_and_starts_once_it_is_back()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var real = new Npgsql.NpgsqlConnectionStringBuilder(PostgresServer.Instance.CreateDatabase());
        var viaRelay = new Npgsql.NpgsqlConnectionStringBuilder(real.ConnectionString) { Port = port, Timeout = 2 };
        var site = new LateDatabaseSite(viaRelay.ConnectionString);
        TcpRelay? relay = null;
        try
        {
            var starting = Task.Run(() => site.CreateClient());

            // Down: the node waits and says so.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!site.Warnings.Any(w => w.Contains("Waiting for the database", StringComparison.Ordinal)) && DateTime.UtcNow < deadline && !starting.IsCompleted)
            {
                await Task.Delay(100);
            }

            Assert.False(starting.IsCompleted, "the node started (or gave up) while the database was down: " + starting.Exception);
            var waiting = site.Warnings.First(w => w.Contains("Waiting for the database", StringComparison.Ordinal));
            Assert.Contains($"PostgreSQL at 127.0.0.1:{port}, database {real.Database}", waiting, StringComparison.Ordinal);

            // Back: the node starts and answers.
            relay = new TcpRelay(port, real.Port);
            var client = await starting.WaitAsync(TimeSpan.FromSeconds(90));
            using (client)
            {
                using var health = await client.GetAsync("/health");
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                using var home = await client.GetAsync("/");
                Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            }
        }
        finally
        {
            site.Dispose(); // before the relay closes under its connections
            relay?.Dispose();
        }
    }

    private sealed class LateDatabaseSite(string connectionString) : PortalSite(new Dictionary<string, string?>
    {
        ["Portal:Database:Provider"] = "Postgres",
        ["ConnectionStrings:Portal"] = connectionString,
        ["Portal:Database:StartupTimeout"] = "00:02:00",
    })
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> warnings = new();

        public override string Provider => "Postgres";

        public IReadOnlyCollection<string> Warnings => warnings;

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(services, new WarningLog(warnings)));
        }
    }

    private sealed class WarningLog(System.Collections.Concurrent.ConcurrentQueue<string> lines) : Microsoft.Extensions.Logging.ILoggerProvider, Microsoft.Extensions.Logging.ILogger
    {
        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Warning;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lines.Enqueue(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }

    /// <summary>Relays every connection on 127.0.0.1:<paramref name="port"/> to the PostgreSQL server on <paramref name="target"/>.</summary>
    private sealed class TcpRelay : IDisposable
    {
        private readonly System.Net.Sockets.TcpListener listener;
        private readonly CancellationTokenSource stop = new();

        public TcpRelay(int port, int target)
        {
            listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, port);
            listener.Start();
            _ = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    System.Net.Sockets.TcpClient incoming;
                    try
                    {
                        incoming = await listener.AcceptTcpClientAsync(stop.Token);
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException)
                    {
                        return;
                    }

                    _ = Task.Run(async () =>
                    {
                        using var client = incoming;
                        using var server = new System.Net.Sockets.TcpClient();
                        try
                        {
                            await server.ConnectAsync(IPAddress.Loopback, target, stop.Token);
                            var up = client.GetStream().CopyToAsync(server.GetStream(), stop.Token);
                            var down = server.GetStream().CopyToAsync(client.GetStream(), stop.Token);
                            await Task.WhenAny(up, down);
                        }
                        catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException)
                        {
                        }
                    });
                }
            });
        }

        public void Dispose()
        {
            stop.Cancel();
            listener.Stop();
            stop.Dispose();
        }
    }

    private sealed class DownDatabaseSite(int port) : PortalSite(new Dictionary<string, string?>
    {
        ["Portal:Database:Provider"] = "Postgres",
        ["ConnectionStrings:Portal"] = $"Host=127.0.0.1;Port={port};Username=postgres;Database=portal_down;Timeout=2",
        ["Portal:Database:StartupTimeout"] = "00:00:05",
    });
}
