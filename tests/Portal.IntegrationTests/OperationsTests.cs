using System.Diagnostics;
using System.Net;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

public sealed class HealthFailureTests
{
    [Fact]
    public async Task Health_answers_503_when_the_database_is_unusable()
    {
        using var site = new PortalSite();
        using var client = site.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(site.DataDir, "portal.db*"))
        {
            await File.WriteAllBytesAsync(file, new byte[4096]);
        }

        await File.WriteAllTextAsync(Path.Combine(site.DataDir, "portal.db"), "this is not a database, it was overwritten by the test");

        // A healthy answer stands for a second (probes many times a second cost one check a second): the failure
        // shows within that second.
        var noticed = Stopwatch.StartNew();
        HttpResponseMessage response;
        while (true)
        {
            response = await client.GetAsync("/health");
            if (response.StatusCode != HttpStatusCode.OK || noticed.Elapsed > TimeSpan.FromSeconds(10))
            {
                break;
            }

            response.Dispose();
            await Task.Delay(100);
        }

        using (response)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
        }
    }
}

public sealed class ProductionGuardTests
{
    private sealed class ProductionSiteWithDefaultDemoPassword() : PortalSite(new Dictionary<string, string?>
    {
        ["Portal:DemoPassword"] = Portal.Hosting.PortalOptions.DefaultDemoPassword,
    })
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions.UseEnvironment(builder, "Production");
        }
    }

    [Fact]
    public void The_portal_refuses_to_start_in_production_while_demo_accounts_use_the_default_password()
    {
        using var site = new ProductionSiteWithDefaultDemoPassword();
        var error = Assert.ThrowsAny<Exception>(() => site.CreateClient());
        Assert.Contains("demo accounts still use the documented default password", error.ToString(), StringComparison.Ordinal);
    }
}

/// <summary><c>dotnet Portal.dll recipe file</c>: exit code and message, as an operator sees them.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Recipe_command_runs_a_good_recipe_and_fails_a_bad_one_with_file_step_and_reason()
    {
        var dataDir = Directory.CreateTempSubdirectory("portal-cli-").FullName;
        try
        {
            var good = await RunPortalAsync(dataDir, "recipe", Path.Combine(AppContext.BaseDirectory, "recipes", "test.recipe.json"));
            Assert.True(good.ExitCode == 0, good.Output);
            Assert.Contains("ran successfully", good.Output, StringComparison.Ordinal);

            var bad = await RunPortalAsync(dataDir, "recipe", Path.Combine(AppContext.BaseDirectory, "recipes", "bad-unknown-step.recipe.json"));
            Assert.NotEqual(0, bad.ExitCode);
            Assert.Contains("bad-unknown-step.recipe.json", bad.Output, StringComparison.Ordinal);
            Assert.Contains("step 2 ('NoSuchStep')", bad.Output, StringComparison.Ordinal);
            Assert.Contains("unknown step", bad.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunPortalAsync(string dataDir, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDir,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Portal.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Portal__DataDir"] = dataDir;
        info.Environment["Portal__SetupRecipe"] = Path.Combine(AppContext.BaseDirectory, "recipes", "test.recipe.json");
        info.Environment["Portal__DemoPassword"] = PortalSite.Password;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["Portal__PublicBaseUrl"] = "http://localhost";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}

public sealed class SchemaVersionTests
{
    [Fact]
    public async Task A_fresh_database_is_recorded_at_each_modules_highest_schema_version()
    {
        using var site = new PortalSite();
        using var client = site.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(site.DataDir, "portal.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT context_name, version FROM portal_schema_versions";
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                versions[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        // The search module has migrations up to version 3 (the indexing-log horizon; the set-aside items), the host
        // versions 2 to 6 (the Data Protection key table, the background-task tables, the cluster-signal table, instants
        // as UTC ticks, the audit trail and the accounts' privacy columns), the forum version 3 (ratings in statistics; the posts' indexes for the impact figures): a fresh database is created from the current model and recorded at the highest version, without
        // running the migrations.
        Assert.Equal(3, versions["SearchDbContext"]);
        Assert.Equal(6, versions["HostDbContext"]);
        Assert.Equal(3, versions["ForumDbContext"]);
    }
}
