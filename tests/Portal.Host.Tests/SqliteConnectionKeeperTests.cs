using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Data;

namespace Portal.Host.Tests;

/// <summary>A request's SQLite connection stays open between its queries (issue 16), sees what others commit at
/// once, and goes back when the request ends.</summary>
public sealed class SqliteConnectionKeeperTests(HostServicesFixture host) : IClassFixture<HostServicesFixture>
{
    [Fact]
    public async Task A_requests_context_keeps_its_connection_between_queries_and_gives_it_back_at_the_end()
    {
        var key = "keeper-" + Guid.NewGuid().ToString("N")[..8];
        System.Data.Common.DbConnection connection;
        await using (var request = host.CreateScope())
        {
            var db = request.ServiceProvider.GetRequiredService<HostDbContext>();
            connection = db.Database.GetDbConnection();
            Assert.Equal(0, await db.SiteSettings.CountAsync(s => s.Key == key));
            Assert.Equal(ConnectionState.Open, connection.State);

            // Another request commits a row while this one holds its connection: the next query sees it at once
            // (an idle open connection holds no read snapshot).
            await using (var other = host.CreateScope())
            {
                var writer = other.ServiceProvider.GetRequiredService<HostDbContext>();
                Assert.NotSame(db, writer);
                writer.SiteSettings.Add(new SiteSetting { Key = key, Value = "1" });
                await writer.SaveChangesAsync();
            }

            Assert.Equal(1, await db.SiteSettings.CountAsync(s => s.Key == key));
            Assert.Equal(ConnectionState.Open, connection.State);

            // Its own transaction still commits and ends as before.
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                db.SiteSettings.Single(s => s.Key == key).Value = "2";
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
            }

            Assert.Null(db.Database.CurrentTransaction);
        }

        // The request is over: its pooled context was given back and closed the connection.
        Assert.Equal(ConnectionState.Closed, connection.State);
        await using var check = host.CreateScope();
        Assert.Equal("2", (await check.ServiceProvider.GetRequiredService<HostDbContext>().SiteSettings.AsNoTracking().SingleAsync(s => s.Key == key)).Value);
    }
}
