using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Data;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>Several nodes started at the same moment on a fresh PostgreSQL database set the site up once.</summary>
public sealed class ConcurrentSetupTests
{
    private sealed class Node(string connectionString) : PortalSite(new Dictionary<string, string?>
    {
        ["Portal:Database:Provider"] = "Postgres",
        ["ConnectionStrings:Portal"] = connectionString,
    })
    {
        public override string Provider => "Postgres";
    }

    [Fact]
    public async Task Three_nodes_starting_together_on_an_empty_database_all_start_and_run_the_setup_recipe_once()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase();
        var nodes = Enumerable.Range(0, 3).Select(_ => new Node(connectionString)).ToList();
        try
        {
            // Starting a node runs the schema migration, the key ring and the set-up recipe.
            await Task.WhenAll(nodes.Select(node => Task.Run(() => node.CreateBrowser().Dispose())));

            foreach (var node in nodes)
            {
                using var client = node.CreateBrowser();
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
            }

            using var scope = nodes[0].Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
            Assert.Equal(1, await db.Users.CountAsync(u => u.UserName == "member"));
            Assert.Equal(1, await db.SiteSettings.CountAsync(s => s.Key == SiteSettingsStore.SetUpKey));
            await nodes[2].SignInAsync("member");
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }
}
