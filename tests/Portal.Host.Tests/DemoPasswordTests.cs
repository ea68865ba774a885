using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting;
using Portal.Hosting.Data;
using Portal.Hosting.Identity;

namespace Portal.Host.Tests;

/// <summary>The Production start guard and the rule that feeds it: a changed password clears the demo flag.</summary>
public sealed class DemoPasswordTests(HostServicesFixture host) : IClassFixture<HostServicesFixture>
{
    private async Task<(PortalUser User, string Name)> CreateDemoAsync(UserManager<PortalUser> users)
    {
        var name = "demo-" + Guid.NewGuid().ToString("N")[..8];
        var user = new PortalUser { UserName = name, Email = name + "@demo.example", DisplayName = name, IsDemo = true, UsesDefaultDemoPassword = true };
        Assert.True((await users.CreateAsync(user, PortalOptions.DefaultDemoPassword)).Succeeded);
        return (user, name);
    }

    [Fact]
    public async Task Guard_names_demo_accounts_that_still_use_the_default()
    {
        await using var scope = host.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var (_, name) = await CreateDemoAsync(users);

        var offenders = await DemoPasswordGuard.AccountsUsingDefaultAsync(scope.ServiceProvider.GetRequiredService<HostDbContext>(), CancellationToken.None);

        Assert.Contains(name, offenders);
    }

    [Fact]
    public async Task Changing_the_password_clears_the_flag_and_satisfies_the_guard()
    {
        await using var scope = host.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        Assert.IsType<PortalUserManager>(users);
        var (user, name) = await CreateDemoAsync(users);

        Assert.True((await users.ChangePasswordAsync(user, PortalOptions.DefaultDemoPassword, "lantern harbour tram")).Succeeded);

        await using var check = host.CreateScope();
        var offenders = await DemoPasswordGuard.AccountsUsingDefaultAsync(check.ServiceProvider.GetRequiredService<HostDbContext>(), CancellationToken.None);
        Assert.DoesNotContain(name, offenders);
        var reloaded = await check.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByNameAsync(name);
        Assert.False(reloaded!.UsesDefaultDemoPassword);
    }

    [Fact]
    public async Task Resetting_the_password_clears_the_flag()
    {
        await using var scope = host.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var (user, name) = await CreateDemoAsync(users);
        var token = await users.GeneratePasswordResetTokenAsync(user);

        Assert.True((await users.ResetPasswordAsync(user, token, "ferry peak lantern")).Succeeded);

        await using var check = host.CreateScope();
        Assert.False((await check.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByNameAsync(name))!.UsesDefaultDemoPassword);
    }

    [Fact]
    public async Task A_refused_new_password_keeps_the_flag()
    {
        await using var scope = host.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var (user, name) = await CreateDemoAsync(users);

        Assert.False((await users.ChangePasswordAsync(user, PortalOptions.DefaultDemoPassword, "password")).Succeeded);

        Assert.True(user.UsesDefaultDemoPassword);
        var offenders = await DemoPasswordGuard.AccountsUsingDefaultAsync(scope.ServiceProvider.GetRequiredService<HostDbContext>(), CancellationToken.None);
        Assert.Contains(name, offenders);
    }

    [Fact]
    public async Task Accounts_that_are_not_demo_accounts_never_trip_the_guard()
    {
        await using var scope = host.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var name = "real-" + Guid.NewGuid().ToString("N")[..8];
        Assert.True((await users.CreateAsync(new PortalUser { UserName = name, Email = name + "@example.org", UsesDefaultDemoPassword = true }, PortalOptions.DefaultDemoPassword)).Succeeded);

        var offenders = await DemoPasswordGuard.AccountsUsingDefaultAsync(scope.ServiceProvider.GetRequiredService<HostDbContext>(), CancellationToken.None);

        Assert.DoesNotContain(name, offenders);
    }
}
