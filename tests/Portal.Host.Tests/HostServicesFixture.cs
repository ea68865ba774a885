using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Hosting;

namespace Portal.Host.Tests;

/// <summary>The host's real service composition (AddPortal) on a fresh SQLite file, without serving HTTP:
/// tests use the same Identity options, validators and user manager as the running portal.</summary>
public sealed class HostServicesFixture : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("portal-host-tests-").FullName;

    public WebApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:DataDir"] = _dataDir,
            ["Portal:SetupRecipe"] = string.Empty,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddPortal();
        App = builder.Build();
        await App.InitializeSiteAsync(CancellationToken.None);
    }

    public AsyncServiceScope CreateScope() => App.Services.CreateAsyncScope();

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
