using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;
using MimeKit;
using Portal.IntegrationTests.Infrastructure;
using Portal.Notifications.Tests;

namespace Portal.IntegrationTests;

/// <summary>
/// A real portal process (<c>dotnet Portal.dll</c> from the build output, 127.0.0.1; on SQLite and on PostgreSQL, where
/// only the portal dies and the database server goes on) is killed with SIGKILL in
/// the middle of a burst of registrations (each one an account, its role and a confirmation e-mail in the outbox).
/// After a restart: every registration the portal acknowledged is there with its role, the database is consistent,
/// the site is ready (search index complete) and every acknowledged registration's e-mail arrives, exactly one
/// message per person (a retry after the crash keeps its Message-Id).
/// </summary>
[Trait("Category", "Crash")]
public sealed class CrashTests
{
    private const string Password = "A long enough passphrase 2026";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Sigkill_during_a_burst_of_writes_loses_no_acknowledged_write_and_duplicates_no_email(string provider)
    {
        using var smtp = new SmtpTestServer();
        var root = Directory.CreateTempSubdirectory("portal-crash-").FullName;
        var port = FreePort();
        var database = provider == "Postgres" ? PostgresServer.Instance.CreateDatabase() : null;
        var acknowledged = new ConcurrentBag<string>();
        var log = new StringBuilder();
        var refused = new ConcurrentQueue<string>();
        try
        {
            var portal = Start(root, database, port, smtp.Port, log);
            await WaitUntilReadyAsync(port, log, "/health");

            // The burst: four writers register accounts as fast as they can; after 3 s the process is killed.
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
                {
                    BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                    Timeout = TimeSpan.FromSeconds(20),
                };
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var email = $"crash-{w}-{i}-{Guid.NewGuid():N}@example.hk";
                    try
                    {
                        var page = await HtmlForms.GetAsync(client, "/account/register?culture=en");
                        var form = HtmlForms.FindForm(page, "/account/register");
                        using var response = await HtmlForms.SubmitAsync(client, form, f =>
                        {
                            f["DisplayName"] = "Crash " + w + "-" + i;
                            f["Email"] = email;
                            f["Password"] = Password;
                            f["ConfirmPassword"] = Password;
                        });
                        if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains(email, StringComparison.Ordinal))
                        {
                            acknowledged.Add(email); // the portal said "check your e-mail": the write must survive
                        }
                        else
                        {
                            refused.Enqueue($"{(int)response.StatusCode}: {(await response.Content.ReadAsStringAsync())[..200]}");
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
                    {
                        refused.Enqueue(ex.Message);
                        return; // the process is gone
                    }
                }
            })).ToList();

            // Killed in full flow: once a good number of registrations went through (a cold process on a busy machine
            // takes a while for the first), while the writers keep going.
            var burstDeadline = DateTime.UtcNow.AddSeconds(60);
            while (acknowledged.Count < 25 && DateTime.UtcNow < burstDeadline && writers.Any(t => !t.IsCompleted))
            {
                await Task.Delay(50);
            }

            portal.Kill(); // SIGKILL: no shutdown, no flush
            await portal.WaitForExitAsync();
            stop.Cancel();
            await Task.WhenAll(writers);
            Assert.True(acknowledged.Count >= 5, $"only {acknowledged.Count} registrations were acknowledged before the kill: {string.Join(" | ", refused.Take(3))}\n{log}");

            // The database is consistent and has every acknowledged account, each with its role.
            SqliteConnection.ClearAllPools();
            await using (var connection = Open(root, database))
            {
                await connection.OpenAsync();
                if (database is null)
                {
                    Assert.Equal("ok", await ScalarAsync(connection, "PRAGMA integrity_check"));
                    Assert.Equal("0", await ScalarAsync(connection, "SELECT count(*) FROM pragma_foreign_key_check"));
                }

                foreach (var email in acknowledged)
                {
                    var roles = await ScalarAsync(connection,
                        "SELECT count(*) FROM \"AspNetUsers\" u JOIN \"AspNetUserRoles\" ur ON ur.\"UserId\" = u.\"Id\" JOIN \"AspNetRoles\" r ON r.\"Id\" = ur.\"RoleId\" " +
                        $"WHERE u.\"NormalizedEmail\" = '{email.ToUpperInvariant()}' AND r.\"Name\" = 'Member'");
                    Assert.True(roles == "1", $"{email} acknowledged but {(roles == "0" ? "missing or without its role" : roles + " roles")}");
                }

                // No account was left without its role by the kill (registration is one transaction).
                Assert.Equal("0", await ScalarAsync(connection,
                    "SELECT count(*) FROM \"AspNetUsers\" u WHERE u.\"Email\" LIKE 'crash-%' AND NOT EXISTS (SELECT 1 FROM \"AspNetUserRoles\" ur WHERE ur.\"UserId\" = u.\"Id\")"));
            }

            // Restart: ready again (feature states, settings and a complete search index), and the outbox drains.
            portal = Start(root, database, port, smtp.Port, log);
            try
            {
                await WaitUntilReadyAsync(port, log, "/health/ready");
                var expected = acknowledged.ToHashSet(StringComparer.OrdinalIgnoreCase);
                var deadline = DateTime.UtcNow.AddSeconds(60);
                IReadOnlyList<MimeMessage> mail;
                do
                {
                    await Task.Delay(500);
                    mail = smtp.Messages();
                }
                while (!expected.All(e => mail.Any(m => To(m) == e)) && DateTime.UtcNow < deadline);

                var missing = expected.Where(e => !mail.Any(m => To(m) == e)).ToList();
                Assert.True(missing.Count == 0, $"{missing.Count} acknowledged registrations got no e-mail: {string.Join(", ", missing.Take(5))}");
                var twice = mail.GroupBy(To).Where(g => g.Select(m => m.MessageId).Distinct().Count() > 1).Select(g => g.Key).ToList();
                Assert.True(twice.Count == 0, $"different e-mails for one registration: {string.Join(", ", twice)}");
            }
            finally
            {
                portal.Kill();
                await portal.WaitForExitAsync();
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string To(MimeMessage message) => ((MailboxAddress)message.To[0]).Address.ToLowerInvariant();

    private static System.Data.Common.DbConnection Open(string root, string? postgres) =>
        postgres is null
            ? new SqliteConnection($"Data Source={Path.Combine(root, "portal.db")};Pooling=false")
            : new Npgsql.NpgsqlConnection(postgres + ";Pooling=false");

    private static async Task<string> ScalarAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private static Process Start(string dataDir, string? postgres, int port, int smtpPort, StringBuilder log)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDir };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Portal.dll"));
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Portal__DataDir"] = dataDir,
            ["Portal__SetupRecipe"] = Path.Combine(AppContext.BaseDirectory, "recipes", "test.recipe.json"),
            ["Portal__DemoPassword"] = PortalSite.Password,
            ["Portal__PublicBaseUrl"] = $"http://127.0.0.1:{port}",
            ["Portal__RateLimits__RegistrationsPerHour"] = "100000",
            ["Portal__Smtp__Host"] = "127.0.0.1",
            ["Portal__Smtp__Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Portal__Smtp__Security"] = "None",
            ["Portal__Smtp__From"] = "Portal <noreply@portal.test>",
            ["Portal__Notifications__SendingLease"] = "00:00:05",
            ["Portal__Notifications__PollInterval"] = "00:00:00.500",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (postgres is not null)
        {
            settings["Portal__Database__Provider"] = "Postgres";
            settings["ConnectionStrings__Portal"] = postgres;
        }

        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static async Task WaitUntilReadyAsync(int port, StringBuilder log, string path)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync($"http://127.0.0.1:{port}{path}");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{path} did not answer 200 within 120 s:\n{log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
