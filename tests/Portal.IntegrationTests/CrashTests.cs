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
/// message per person and kind (counted by recipient, subject and text, not by Message-Id: a message sent twice
/// after the kill would carry the same outbox-based Message-Id). A staff writer publishes Knowledge articles in the
/// same burst: after the restart search finds every one whose publish was acknowledged (the index is complete).
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
        var published = new ConcurrentBag<string>();
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

            // A fifth writer: staff publishing Knowledge articles, each with a word of its own for search to find.
            writers.Add(Task.Run(async () =>
            {
                using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
                {
                    BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                    Timeout = TimeSpan.FromSeconds(20),
                };
                try
                {
                    await SignInAsync(client, "staff");
                    for (var i = 0; !stop.IsCancellationRequested; i++)
                    {
                        if (await PublishArticleAsync(client, "crashword" + Guid.NewGuid().ToString("N")[..10]) is { } word)
                        {
                            published.Add(word); // "The article was published.": it must be found after the restart
                        }
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
                {
                    refused.Enqueue("kb: " + ex.Message);
                }
            }));

            // Killed in full flow: once a good number of registrations went through (a cold process on a busy machine
            // takes a while for the first), while the writers keep going.
            var burstDeadline = DateTime.UtcNow.AddSeconds(60);
            while ((acknowledged.Count < 25 || published.IsEmpty) && DateTime.UtcNow < burstDeadline && writers.Any(t => !t.IsCompleted))
            {
                await Task.Delay(50);
            }

            portal.Kill(); // SIGKILL: no shutdown, no flush
            await portal.WaitForExitAsync();
            stop.Cancel();
            await Task.WhenAll(writers);
            Assert.True(acknowledged.Count >= 5, $"only {acknowledged.Count} registrations were acknowledged before the kill: {string.Join(" | ", refused.Take(3))}\n{log}");
            Assert.True(!published.IsEmpty, $"no article was published before the kill: {string.Join(" | ", refused.Where(r => r.StartsWith("kb", StringComparison.Ordinal)).Take(3))}\n{log}");

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
                // One message per recipient and kind. A kill between the SMTP server's "250 OK" and the commit that marks
                // the outbox row sent cannot be made atomic (SMTP has no transaction with the database), so that one
                // row may go out a second time after the restart: it then carries the same Message-Id (from the row), which
                // mail systems and clients treat as one message. What must never happen is two rows for one e-mail (two
                // Message-Ids), or a row sent more than once again.
                var twice = mail.GroupBy(m => (To(m), m.Subject, m.TextBody?.Trim()))
                    .Where(g => g.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count() > 1 || g.Count() > 2)
                    .Select(g => $"{g.Key.Item1} \"{g.Key.Subject}\" x{g.Count()} ({g.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count()} Message-Ids)").ToList();
                Assert.True(twice.Count == 0, $"the same e-mail was sent as more than one message: {string.Join(", ", twice.Take(5))}");
                var perRegistration = mail.Where(m => To(m).StartsWith("crash-", StringComparison.Ordinal)).GroupBy(To)
                    .Where(g => g.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count() != 1)
                    .Select(g => $"{g.Key} x{g.Count()}").ToList();
                Assert.True(perRegistration.Count == 0, $"a registration got more than one e-mail: {string.Join(", ", perRegistration.Take(5))}");
                var resent = mail.GroupBy(m => m.MessageId).Count(g => g.Count() > 1);
                Console.WriteLine($"crash test ({provider}): {mail.Count} messages, {resent} sent again after the kill with the same Message-Id");

                // The index is complete: every acknowledged publish is found by search on the restarted node.
                using var search = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) };
                var notFound = new List<string>();
                foreach (var word in published)
                {
                    if (!await FoundAsync(search, word))
                    {
                        notFound.Add(word);
                    }
                }

                Assert.True(notFound.Count == 0, $"{notFound.Count} of {published.Count} acknowledged articles are not found by search after the restart: {string.Join(", ", notFound)}");
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

    /// <summary>Signs in through the real form (the demo password of the test recipe).</summary>
    private static async Task SignInAsync(HttpClient client, string userName)
    {
        var page = await HtmlForms.GetAsync(client, "/account/sign-in");
        var form = HtmlForms.FindForm(page, "sign-in");
        using var response = await HtmlForms.SubmitAsync(client, form, fields =>
        {
            fields[HtmlForms.FieldLike(form, "user", "email", "login")] = userName;
            fields[HtmlForms.FieldOfType(form, "password")] = PortalSite.Password;
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in as {userName}: {(int)response.StatusCode}");
        }
    }

    /// <summary>Creates an English article with the word in its title and body and publishes it; the word when the
    /// portal acknowledged the publish (its redirect), null otherwise.</summary>
    private static async Task<string?> PublishArticleAsync(HttpClient client, string word)
    {
        var editor = await HtmlForms.GetAsync(client, "/admin/kb/new?culture=en");
        using var created = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(editor, "/admin/kb/new"), f =>
        {
            f["Form.Slug"] = word;
            f["Form.Culture"] = "en";
            f["Form.Title"] = "Crash article " + word;
            f["Form.Body"] = "Written during the burst: " + word;
        });
        if (created.StatusCode != HttpStatusCode.Redirect || created.Headers.Location is not { } location)
        {
            return null;
        }

        // The editor's Publish button posts the page's form to /publish (formaction), as staff do.
        var edit = await HtmlForms.GetAsync(client, location.ToString());
        var token = edit.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException("no antiforgery token on " + location);
        using var publish = await client.PostAsync(location.ToString().TrimEnd('/') + "/publish", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        return publish.StatusCode == HttpStatusCode.Redirect ? word : null;
    }

    private static async Task<bool> FoundAsync(HttpClient client, string word)
    {
        // Ready means caught up; a short grace only for the one search answer in flight (cached per node).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            using var document = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/search?q=" + word));
            if (document.RootElement.GetProperty("total").GetInt32() > 0)
            {
                return true;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        return false;
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
            ["Portal__RateLimits__PostingIntervalSeconds"] = "0",
            ["Portal__RateLimits__SignInPerMinute"] = "10000",
            ["Portal__RateLimits__AnonymousSearchPerSecond"] = "10000",
            ["Portal__RequireStaffTwoFactor"] = "false", // the staff writer signs in with a password only, as in PortalSite
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
