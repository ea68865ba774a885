using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.IntegrationTests.Infrastructure;

/// <summary>Another portal node: its own data folder, the first node's database (SQLite file or PostgreSQL).</summary>
public sealed class SameDatabaseNode(PortalSite first) : PortalSite(SettingsOf(first))
{
    private static Dictionary<string, string?> SettingsOf(PortalSite first)
    {
        var configuration = first.Services.GetRequiredService<IConfiguration>();
        return new Dictionary<string, string?>
        {
            ["Portal:Database:Provider"] = first.Provider,
            ["ConnectionStrings:Portal"] = first.Provider == "Postgres"
                ? configuration.GetConnectionString("Portal")
                : $"Data Source={Path.Combine(first.DataDir, "portal.db")}",
        };
    }

    public override string Provider => first.Provider;
}
