using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.BackgroundTasks;
using Portal.Hosting.Data;
using Portal.Hosting.Identity;
using Portal.Hosting.Privacy;
using Portal.IntegrationTests.Infrastructure;
using Portal.Notifications;
using Portal.Privacy;

namespace Portal.IntegrationTests;

/// <summary>A site on a fake clock whose notifications are captured; the retention task's own loop is parked (the
/// test runs the job itself, so advancing the clock does not start a second run beside it).</summary>
public sealed class RetentionSite : PortalSite
{
    public RetentionSite()
        : base(new Dictionary<string, string?> { ["Portal:Privacy:Retention:Interval"] = "36500.00:00:00" })
    {
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public CapturedNotifications Notifications { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<INotificationPublisher>(Notifications);
        });
    }
}

/// <summary>
/// Retention (issue 18) on a fake clock: never-confirmed accounts go after 30 days; audit entries after 2 years;
/// ended sign-in records after 30 days; an account unused for 3 years is warned by e-mail 30 days before and then
/// deleted with its data, unless the person signs in; administrators and demo accounts are kept. The report holds
/// counts only.
/// </summary>
public sealed class PrivacyRetentionTests(RetentionSite site) : IClassFixture<RetentionSite>
{
    [Fact]
    public async Task Retention_deletes_what_is_past_its_time_and_warns_before_deleting_an_unused_account()
    {
        _ = site.CreateClient();
        var descriptor = site.Services.GetServices<BackgroundTaskDescriptor>().Single(d => d.Name == "privacy.retention");
        Assert.True(descriptor.SingleNode);

        var unconfirmed = await CreateAsync("unconfirmed-" + Suffix(), confirmed: false);
        var sleeper = await CreateAsync("sleeper-" + Suffix(), confirmed: true);
        var returner = await CreateAsync("returner-" + Suffix(), confirmed: true);
        var active = await CreateAsync("active-" + Suffix(), confirmed: true);
        using (await site.SignInAsync(returner.UserName!))
        {
        }

        // That first request let the task's own loop take its first turn (at once, with nothing due yet). Wait until it
        // has run and parked for the configured hundred years: a turn still queued on a busy machine would otherwise
        // run late, on the clock advanced below, beside the test's own runs (and take their deletions).
        var runner = site.Services.GetRequiredService<Portal.Hosting.BackgroundTasks.BackgroundTaskRunner>();
        var parking = System.Diagnostics.Stopwatch.StartNew();
        while (!(runner.StateOf(descriptor.Name) is { Running: false, NextRunUtc: { } next } && next > site.Clock.GetUtcNow().AddYears(1)))
        {
            Assert.True(parking.Elapsed < TimeSpan.FromSeconds(60), "the retention task's first turn did not finish within a minute");
            await Task.Delay(50);
        }

        await using (var scope = site.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IPersonalDataAccessLog>().RecordAsync(
                new PersonalDataAccess(active.Id, sleeper.Id, "account.profile", PersonalDataAction.Viewed));
        }

        // 31 days on: the never-confirmed account is gone; nothing else is due.
        site.Clock.Advance(TimeSpan.FromDays(31));
        var first = await RunAsync();
        Assert.Equal(1, first.UnconfirmedAccounts);
        Assert.Equal((0, 0, 0), (first.AuditEntries, first.InactiveWarned, first.InactiveAccounts));
        Assert.Null(await FindAsync(unconfirmed.Id));
        Assert.NotNull(await FindAsync(sleeper.Id));

        // 3 years less 29 days after they were created: the active person signed in yesterday; the others are warned.
        site.Clock.Advance(TimeSpan.FromDays((3 * 365) - 29 - 31 - 1));
        using (await site.SignInAsync(active.UserName!))
        {
        }

        site.Clock.Advance(TimeSpan.FromDays(1));
        var second = await RunAsync();
        Assert.Equal(2, second.InactiveWarned);
        Assert.Equal(1, second.AuditEntries); // older than two years
        Assert.True(second.EndedSignIns >= 1, "the returner's first sign-in ended three years ago");
        Assert.Equal(0, second.InactiveAccounts);
        var warning = Assert.Single(site.Notifications.Of(PrivacyRetentionJob.InactiveWarningKind, sleeper.Id));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", warning.Data["date"]);
        Assert.Empty(site.Notifications.Of(PrivacyRetentionJob.InactiveWarningKind, active.Id));
        Assert.Equal(0, (await RunAsync()).InactiveWarned); // warned once

        // The returner signs in: the warning is cleared. Thirty days later only the sleeper is deleted.
        using (await site.SignInAsync(returner.UserName!))
        {
        }

        Assert.Null((await FindAsync(returner.Id))!.InactivityWarningUtc);
        site.Clock.Advance(TimeSpan.FromDays(30));
        var third = await RunAsync();
        Assert.Equal(1, third.InactiveAccounts);
        Assert.Null(await FindAsync(sleeper.Id));
        Assert.NotNull(await FindAsync(returner.Id));
        Assert.NotNull(await FindAsync(active.Id));

        // Administrators and demo accounts from the recipe are never deleted for inactivity.
        site.Clock.Advance(TimeSpan.FromDays(3650));
        Assert.Equal(2, (await RunAsync()).InactiveWarned); // the returner and the active person, unused since
        site.Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(2, (await RunAsync()).InactiveAccounts);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            Assert.NotNull(await users.FindByNameAsync("admin"));
            Assert.NotNull(await users.FindByNameAsync("member"));
            Assert.Null(await users.FindByIdAsync(returner.Id));
        }
    }

    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];

    private async Task<RetentionReport> RunAsync()
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PrivacyRetentionJob>().RunAsync(CancellationToken.None);
    }

    private async Task<PortalUser?> FindAsync(string id)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HostDbContext>().Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id);
    }

    private async Task<PortalUser> CreateAsync(string userName, bool confirmed)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser
        {
            UserName = userName,
            Email = userName + "@retention.test",
            EmailConfirmed = confirmed,
            DisplayName = userName,
            CreatedUtc = site.Clock.GetUtcNow(),
            PrivacyNoticeVersion = "test",
        };
        var result = await users.CreateAsync(user, PortalSite.Password);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, "Member");
        return user;
    }
}
