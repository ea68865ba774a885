using System.Net;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

public sealed class FaultTests
{
    /// <summary>The database goes away under a running site: pages answer 503 with Retry-After, a static page in the
    /// person's language and the security headers (before: an empty 500 without headers).</summary>
    [Fact]
    public async Task During_a_database_outage_pages_answer_503_with_retry_after_and_a_localized_page()
    {
        using var site = new PortalSite();
        using var client = site.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/sign-in")).StatusCode);
        using var member = await site.SignInAsync("member");

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(site.DataDir, "portal.db*"))
        {
            await File.WriteAllBytesAsync(file, new byte[4096]);
        }

        await File.WriteAllTextAsync(Path.Combine(site.DataDir, "portal.db"), "this is not a database, it was overwritten by the test");

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
