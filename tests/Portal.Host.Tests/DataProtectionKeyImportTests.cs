using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting;
using Portal.Hosting.Data;

namespace Portal.Host.Tests;

/// <summary>
/// Upgrading from the per-node key folder: keys made by the old configuration (<c>{DataDir}/keys</c>, application
/// name "Portal") are imported into the database once, so what they protected (sign-in cookies, unsubscribe links in
/// e-mails already sent) still opens after the upgrade.
/// </summary>
public sealed class DataProtectionKeyImportTests : IDisposable
{
    private const string Purpose = "Portal.Notifications.Unsubscribe";
    private readonly string _dataDir = Directory.CreateTempSubdirectory("portal-keys-tests-").FullName;

    [Fact]
    public async Task Keys_in_the_old_folder_are_imported_once_and_still_unprotect_what_they_protected()
    {
        var keyFolder = Path.Combine(_dataDir, DataProtectionKeyImporter.LegacyFolderName);
        string token;
        await using (var old = new ServiceCollection()
            .AddDataProtection()
            .SetApplicationName("Portal")
            .PersistKeysToFileSystem(new DirectoryInfo(keyFolder))
            .Services.BuildServiceProvider())
        {
            token = old.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Protect("subscriber-42");
        }

        var files = Directory.GetFiles(keyFolder, "*.xml");
        Assert.Single(files);

        await using var app = await StartAsync();
        Assert.Equal("subscriber-42", app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(token));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        var stored = await db.DataProtectionKeys.AsNoTracking().SingleAsync();
        Assert.Equal(Path.GetFileNameWithoutExtension(files[0]), stored.FriendlyName);
        Assert.StartsWith("<key ", stored.Xml, StringComparison.Ordinal);

        // Once: with keys in the database, the folder is not read again and no key is added (the next start).
        await scope.ServiceProvider.GetRequiredService<DataProtectionKeyImporter>().PrepareKeyRingAsync(CancellationToken.None);
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
    }

    [Fact]
    public async Task Without_an_old_key_folder_start_up_makes_the_first_key_in_the_database_and_it_is_used()
    {
        await using var app = await StartAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        var created = await db.DataProtectionKeys.AsNoTracking().SingleAsync();

        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
        Assert.Equal("subscriber-7", protector.Unprotect(protector.Protect("subscriber-7")));
        Assert.Equal(created.Id, (await db.DataProtectionKeys.AsNoTracking().SingleAsync()).Id);
        Assert.False(Directory.Exists(Path.Combine(_dataDir, DataProtectionKeyImporter.LegacyFolderName)));
    }

    private async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:DataDir"] = _dataDir,
            ["Portal:SetupRecipe"] = string.Empty,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddPortal();
        var app = builder.Build();
        await app.InitializeSiteAsync(CancellationToken.None);
        return app;
    }

    public void Dispose()
    {
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
