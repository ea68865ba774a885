using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Portal.Hosting.Security;

/// <summary>
/// Accounts created from one client address in the last hour, on this node (<c>Portal:RateLimits:RegistrationsPerHour</c>).
/// Only registrations that create an account count, so a person who mistypes their e-mail or password three times is
/// never locked out; every submission also passes the looser <c>Register</c> rate-limit policy.
/// </summary>
public sealed class RegistrationThrottle(IOptions<PortalOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> _created = new(StringComparer.Ordinal);

    /// <summary>How long this address must wait before another account may be created from it; null: it may now.</summary>
    public TimeSpan? WaitFor(string client)
    {
        if (!_created.TryGetValue(client, out var times))
        {
            return null;
        }

        lock (times)
        {
            var now = clock.GetUtcNow();
            times.RemoveAll(t => t + Window <= now);
            return times.Count >= Math.Max(1, options.Value.RateLimits.RegistrationsPerHour) ? times[0] + Window - now : null;
        }
    }

    /// <summary>An account was created from this address.</summary>
    public void Created(string client)
    {
        var times = _created.GetOrAdd(client, _ => []);
        lock (times)
        {
            times.Add(clock.GetUtcNow());
        }
    }

    public static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
