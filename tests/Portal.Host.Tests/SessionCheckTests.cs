using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Hosting.Identity;
using Xunit;

namespace Portal.Host.Tests;

/// <summary>
/// The cookie check's shortcuts (issue 16): Identity's security-stamp validator is only built when its interval has
/// passed, by the same clock it uses itself; the server session's cached answer is read without the database.
/// </summary>
public sealed class SessionCheckTests
{
    private static readonly DateTimeOffset Issued = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    private static (CookieValidatePrincipalContext Context, FakeTimeProvider Clock, IServiceProvider Services) Cookie(DateTimeOffset? issued, TimeSpan interval)
    {
        var clock = new FakeTimeProvider(Issued);
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddMemoryCache()
            .Configure<SecurityStampValidatorOptions>(o =>
            {
                o.ValidationInterval = interval;
                o.TimeProvider = clock;
            })
            .BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "u1"), new Claim(ServerSessions.ClaimType, "s1")], IdentityConstants.ApplicationScheme));
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = issued }, IdentityConstants.ApplicationScheme);
        var scheme = new AuthenticationScheme(IdentityConstants.ApplicationScheme, null, typeof(CookieAuthenticationHandler));
        return (new CookieValidatePrincipalContext(http, scheme, new CookieAuthenticationOptions(), ticket), clock, services);
    }

    [Fact]
    public void The_stamp_check_is_due_only_after_its_interval_like_Identitys_own_test()
    {
        var (context, clock, _) = Cookie(Issued, TimeSpan.FromMinutes(5));
        Assert.False(ServerSessionEvents.StampCheckDue(context));
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(ServerSessionEvents.StampCheckDue(context)); // Identity: elapsed > interval, not >=
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(ServerSessionEvents.StampCheckDue(context));
    }

    [Fact]
    public void A_cookie_without_an_issue_time_is_always_checked()
    {
        var (context, _, _) = Cookie(null, TimeSpan.FromMinutes(5));
        Assert.True(ServerSessionEvents.StampCheckDue(context));
    }

    [Fact]
    public void An_interval_of_zero_checks_every_request()
    {
        var (context, clock, _) = Cookie(Issued, TimeSpan.Zero);
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.True(ServerSessionEvents.StampCheckDue(context));
    }

    [Fact]
    public async Task A_session_cached_as_open_is_accepted_without_the_database_and_a_cached_end_rejects()
    {
        // No ServerSessions (nor a database) is registered: a cached answer must not need one.
        var (context, clock, services) = Cookie(Issued, TimeSpan.FromMinutes(5));
        var cache = services.GetRequiredService<IMemoryCache>();
        cache.Set(ServerSessions.CacheKey("s1"), Issued + TimeSpan.FromMinutes(10), new MemoryCacheEntryOptions { Size = 1 });
        Assert.True(await ServerSessionEvents.ValidateAsync(context));
        Assert.Null(ServerSessions.CachedState(cache, clock, "s2"));

        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.False(ServerSessions.CachedState(cache, clock, "s1"));
    }
}
