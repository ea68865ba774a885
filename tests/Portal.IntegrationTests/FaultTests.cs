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

    private sealed class DownDatabaseSite(int port) : PortalSite(new Dictionary<string, string?>
    {
        ["Portal:Database:Provider"] = "Postgres",
        ["ConnectionStrings:Portal"] = $"Host=127.0.0.1;Port={port};Username=postgres;Database=portal_down;Timeout=2",
        ["Portal:Database:StartupTimeout"] = "00:00:05",
    });
}
