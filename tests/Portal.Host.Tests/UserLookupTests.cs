using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Data;
using Portal.Hosting.Identity;

namespace Portal.Host.Tests;

/// <summary>The account lookup by id (a compiled query in <see cref="PortalUserManager"/>, issue 16) returns what
/// Identity's store did: the account tracked by the request's context, so a change to it is saved.</summary>
public sealed class UserLookupTests(HostServicesFixture host) : IClassFixture<HostServicesFixture>
{
    [Fact]
    public async Task An_account_found_by_id_is_the_one_the_request_saves()
    {
        string id;
        await using (var setup = host.CreateScope())
        {
            var name = "lookup-" + Guid.NewGuid().ToString("N")[..8];
            var created = new PortalUser { UserName = name, Email = name + "@example.org", DisplayName = "Before" };
            Assert.True((await setup.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().CreateAsync(created)).Succeeded);
            id = created.Id;
        }

        await using (var request = host.CreateScope())
        {
            var users = request.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByIdAsync(id);
            Assert.NotNull(user);
            Assert.Same(user, await users.FindByIdAsync(id));
            Assert.Contains(request.ServiceProvider.GetRequiredService<HostDbContext>().ChangeTracker.Entries<PortalUser>(), e => ReferenceEquals(e.Entity, user));
            user.DisplayName = "After";
            Assert.True((await users.UpdateAsync(user)).Succeeded);
            Assert.Null(await users.FindByIdAsync(Guid.NewGuid().ToString()));
        }

        await using var later = host.CreateScope();
        Assert.Equal("After", (await later.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(id))!.DisplayName);
    }
}
