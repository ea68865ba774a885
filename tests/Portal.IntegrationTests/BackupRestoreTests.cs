using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Commands;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>
/// <c>dotnet Portal.dll backup &lt;dir&gt;</c> and <c>restore &lt;dir&gt;</c> as an operator runs them: content is created, the
/// site is backed up while it runs, the site is wiped, the backup is restored into an empty data folder (and a new
/// database), and the content, the uploads, the sign-in and the search are back.
/// </summary>
public sealed class BackupRestoreTests
{
    [Fact]
    public Task Sqlite_round_trip_brings_everything_back() => RoundTripAsync(postgres: false);

    [Fact]
    public async Task Restore_refuses_a_folder_that_is_not_a_backup_and_backup_refuses_a_full_folder()
    {
        var root = Directory.CreateTempSubdirectory("portal-backup-").FullName;
        try
        {
            var notBackup = Directory.CreateDirectory(Path.Combine(root, "not-a-backup")).FullName;
            await File.WriteAllTextAsync(Path.Combine(notBackup, "x.txt"), "x");
            var data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
            var (code, output) = await RunCliAsync(data, null, "restore", notBackup);
            Assert.Equal(1, code);
            Assert.Contains("not a portal backup", output, StringComparison.Ordinal);

            (code, output) = await RunCliAsync(data, null, "backup", notBackup);
            Assert.Equal(1, code);
            Assert.Contains("is not empty", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    internal static async Task RoundTripAsync(bool postgres)
    {
        var root = Directory.CreateTempSubdirectory("portal-backup-").FullName;
        var backup = Path.Combine(root, "backup");
        var email = $"kept{Guid.NewGuid():N}@example.hk";
        const string password = "A long enough passphrase 2026";
        var upload = RandomNumberGenerator(4096);
        var databaseA = postgres ? PostgresServer.Instance.CreateDatabase() : null;
        var databaseB = postgres ? PostgresServer.Instance.CreateDatabase() : null;
        try
        {
            string dataA;
            using (var siteA = new DataDirSite(Directory.CreateDirectory(Path.Combine(root, "a")).FullName, databaseA))
            {
                dataA = siteA.Folder;
                using var client = siteA.CreateBrowser();
                var recipe = siteA.Services.GetServices<IPortalCommand>().Single(c => c.Name == "recipe");
                Assert.Equal(0, await recipe.RunAsync(["knowledge.recipe.json"], TextWriter.Null, CancellationToken.None));
                await RegisterAsync(client, email, password);
                Directory.CreateDirectory(Path.Combine(dataA, "uploads", "kb"));
                await File.WriteAllBytesAsync(Path.Combine(dataA, "uploads", "kb", "kept.bin"), upload);
                using (var page = await client.GetAsync("/kb/articles/growing-successors"))
                {
                    Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                }

                // Online: the site is running while the backup is made.
                var (code, output) = await RunCliAsync(dataA, databaseA, "backup", backup);
                Assert.True(code == 0, output);
            }

            Assert.True(File.Exists(Path.Combine(backup, "backup.json")));
            Assert.True(File.Exists(Path.Combine(backup, postgres ? "portal.dump" : "portal.db")));
            Assert.Equal(upload, await File.ReadAllBytesAsync(Path.Combine(backup, "files", "uploads", "kb", "kept.bin")));
            Assert.False(Directory.Exists(Path.Combine(backup, "files", "search-index")));

            // Wiped: the data folder (and on PostgreSQL the database) is gone; restore into empty ones.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataA, recursive: true);
            var dataB = Directory.CreateDirectory(Path.Combine(root, "b")).FullName;
            var restored = await RunCliAsync(dataB, databaseB, "restore", backup);
            Assert.True(restored.Code == 0, restored.Output);
            Assert.Equal(upload, await File.ReadAllBytesAsync(Path.Combine(dataB, "uploads", "kb", "kept.bin")));

            using var siteB = new DataDirSite(dataB, databaseB);
            using var visitor = siteB.CreateBrowser();
            using (var page = await visitor.GetAsync("/kb/articles/growing-successors"))
            {
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            }

            using (var signIn = await SignInAsync(visitor, email, password))
            {
                Assert.Equal(HttpStatusCode.Found, signIn.StatusCode);
            }

            using (var account = await visitor.GetAsync("/account"))
            {
                Assert.Equal(HttpStatusCode.OK, account.StatusCode);
                Assert.Contains("Kept Through Backup", await account.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // The search index was not in the backup: it is rebuilt from the restored database.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            string results;
            do
            {
                await Task.Delay(500);
                results = await HtmlForms.ReadAsync(visitor, "/search?q=" + Uri.EscapeDataString("successors"));
            }
            while (!results.Contains("growing-successors", StringComparison.Ordinal) && DateTime.UtcNow < deadline);
            Assert.Contains("/kb/articles/growing-successors", results, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static byte[] RandomNumberGenerator(int length) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(length);

    private static async Task RegisterAsync(HttpClient client, string email, string password)
    {
        var page = await HtmlForms.GetAsync(client, "/account/register?culture=en");
        var form = HtmlForms.FindForm(page, "/account/register");
        using var response = await HtmlForms.SubmitAsync(client, form, f =>
        {
            f[HtmlForms.FieldLike(form, "DisplayName")] = "Kept Through Backup";
            f[HtmlForms.FieldLike(form, "Email")] = email;
            f[HtmlForms.FieldOfType(form, "password")] = password;
            f[HtmlForms.FieldLike(form, "ConfirmPassword")] = password;
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string login, string password)
    {
        var page = await HtmlForms.GetAsync(client, "/account/sign-in");
        var form = HtmlForms.FindForm(page, "/account/sign-in");
        return await HtmlForms.SubmitAsync(client, form, fields =>
        {
            fields[HtmlForms.FieldLike(form, "login")] = login;
            fields[HtmlForms.FieldOfType(form, "password")] = password;
        });
    }

    /// <summary>Runs <c>dotnet Portal.dll {command} {folder}</c> from the build output, as an operator would.</summary>
    internal static async Task<(int Code, string Output)> RunCliAsync(string dataDir, string? postgres, string command, string folder)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDir };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Portal.dll"), command, folder })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["Portal__DataDir"] = dataDir;
        info.Environment["Portal__PublicBaseUrl"] = "http://localhost";
        info.Environment["Portal__DemoPassword"] = PortalSite.Password;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        if (postgres is not null)
        {
            info.Environment["Portal__Database__Provider"] = "Postgres";
            info.Environment["ConnectionStrings__Portal"] = postgres;
        }

        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    /// <summary>A test site on a given data folder (and database), kept after disposal.</summary>
    private sealed class DataDirSite(string folder, string? postgres) : PortalSite(Settings(folder, postgres))
    {
        public string Folder { get; } = folder;

        private static Dictionary<string, string?> Settings(string folder, string? postgres)
        {
            var settings = new Dictionary<string, string?> { ["Portal:DataDir"] = folder };
            if (postgres is not null)
            {
                settings["Portal:Database:Provider"] = "Postgres";
                settings["ConnectionStrings:Portal"] = postgres;
            }

            return settings;
        }
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresBackupRestoreTests
{
    [Fact]
    public Task Postgres_round_trip_with_pg_dump_brings_everything_back() => BackupRestoreTests.RoundTripAsync(postgres: true);
}
