using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Data;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>
/// Several portal nodes on one database share the Data Protection key ring (host schema version 2): a sign-in
/// cookie or antiforgery token made by one node is accepted by another, although each node has its own data folder.
/// </summary>
public abstract class SharedKeyRingTests<TSite>
    where TSite : PortalSite, new()
{
    [Fact]
    public async Task Two_nodes_on_one_database_accept_each_others_antiforgery_token_and_sign_in_cookie()
    {
        using var nodeA = new TSite();
        using (var warmUp = nodeA.CreateBrowser())
        {
            Assert.Equal(HttpStatusCode.OK, (await warmUp.GetAsync("/health")).StatusCode);
        }

        using var nodeB = new SameDatabaseNode(nodeA);
        var cookies = new CookieContainer();
        using var browserA = nodeA.CreateDefaultClient(new CookieContainerHandler(cookies));
        using var browserB = nodeB.CreateDefaultClient(new CookieContainerHandler(cookies));

        // The sign-in form (antiforgery cookie and token) comes from node A and is posted to node B.
        var page = await HtmlForms.GetAsync(browserA, "/account/sign-in");
        var form = HtmlForms.FindForm(page, "sign-in");
        using var signIn = await HtmlForms.SubmitAsync(browserB, form, fields =>
        {
            fields[HtmlForms.FieldLike(form, "user", "email", "login")] = "member";
            fields[HtmlForms.FieldOfType(form, "password")] = PortalSite.Password;
        });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        // Node B's sign-in cookie is accepted by node A.
        using var profile = await browserA.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Contains("member@test.portal.hk", await profile.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A node on another database does not know the keys: the same cookie does not sign anyone in there.
        using var stranger = new TSite();
        using var browserC = stranger.CreateDefaultClient(new CookieContainerHandler(cookies));
        using var rejected = await browserC.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        Assert.Contains("/account/sign-in", rejected.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_at_host_schema_version_1_gets_the_key_table_and_the_later_versions()
    {
        using var first = new TSite();
        using (var warmUp = first.CreateBrowser())
        {
            Assert.Equal(HttpStatusCode.OK, (await warmUp.GetAsync("/health")).StatusCode);
        }

        // Put the database back to how version 1 left it: the model without the key table (version 2), the
        // background-task tables (version 3), the cluster-signal table (version 4), the audit trail and the accounts'
        // privacy columns (version 6); version 5 (instants as UTC ticks) then finds ticks already and leaves them.
        using (var scope = first.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
            Assert.Equal(6, await HostVersionAsync(db));
            await db.Database.ExecuteSqlRawAsync($"DROP TABLE {HostDbContext.AuditEntriesTable}");
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AspNetUsers\" DROP COLUMN \"LastSignInUtc\"");
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AspNetUsers\" DROP COLUMN \"InactivityWarningUtc\"");
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AspNetUsers\" DROP COLUMN \"PrivacyNoticeVersion\"");
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AspNetUsers\" DROP COLUMN \"PrivacyNoticeAcceptedUtc\"");

            await db.Database.ExecuteSqlRawAsync($"DROP TABLE {HostDbContext.DataProtectionKeysTable}");
            await db.Database.ExecuteSqlRawAsync($"DROP TABLE {HostDbContext.BackgroundTaskRunsTable}");
            await db.Database.ExecuteSqlRawAsync($"DROP TABLE {HostDbContext.BackgroundTaskLeasesTable}");
            await db.Database.ExecuteSqlRawAsync($"DROP TABLE {HostDbContext.ClusterSignalsTable}");
            await db.Database.ExecuteSqlRawAsync("UPDATE portal_schema_versions SET version = 1 WHERE context_name = 'HostDbContext'");
            Assert.Equal(1, await HostVersionAsync(db));
        }

        // A node starting on it upgrades the schema, then keeps its keys there: signing in works and writes a key.
        using var upgraded = new SameDatabaseNode(first);
        await upgraded.SignInAsync("member");
        using (var scope = upgraded.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
            Assert.Equal(6, await HostVersionAsync(db));
            var keys = await db.DataProtectionKeys.AsNoTracking().ToListAsync();
            Assert.NotEmpty(keys);
            Assert.All(keys, k => Assert.StartsWith("<key ", k.Xml, StringComparison.Ordinal));
        }
    }

    private static async Task<int> HostVersionAsync(HostDbContext db) =>
        await db.Database.SqlQueryRaw<int>("SELECT version AS \"Value\" FROM portal_schema_versions WHERE context_name = 'HostDbContext'").SingleAsync();
}

public sealed class SqliteSharedKeyRingTests : SharedKeyRingTests<PortalSite>;

public sealed class PostgresSharedKeyRingTests : SharedKeyRingTests<PostgresPortalSite>;
