using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Portal.Hosting.Data;

namespace Portal.Hosting.Identity;

/// <summary>
/// Sign-ins the server can end. Every sign-in cookie carries a random session id (claim <see cref="ClaimType"/>)
/// that is kept in the database (Identity's user-token table, login provider <see cref="LoginProvider"/>, value =
/// the session's absolute end) and checked on each request (the answer is cached on the node for
/// <see cref="SessionSettings.CheckCacheDuration"/>). Signing out deletes the row, so a copied cookie stops working;
/// every session ends <see cref="SessionSettings.AbsoluteLifetime"/> after sign-in, however active.
/// </summary>
public sealed class ServerSessions(HostDbContext db, IMemoryCache cache, TimeProvider clock, IOptions<PortalOptions> options)
{
    public const string LoginProvider = "[PortalSession]";
    public const string ClaimType = "portal:sid";

    private SessionSettings Settings => options.Value.Sessions;

    /// <summary>Opens a session for the person and returns its id; also clears their sessions that have ended.</summary>
    public async Task<string> StartAsync(string userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var ended = (await Rows(userId).AsNoTracking().ToListAsync(cancellationToken)).Where(t => EndOf(t) <= now).Select(t => t.Name).ToList();
        if (ended.Count > 0)
        {
            // A delete by statement, not by tracked rows: two sign-ins at once (a double click) may both clear the same
            // rows, and the second must not fail with a concurrency error.
            await Rows(userId).Where(t => ended.Contains(t.Name)).ExecuteDeleteAsync(cancellationToken);
        }

        // The last sign-in (retention of unused accounts counts from it); signing in cancels a pending deletion warning.
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(
            s => s.SetProperty(u => u.LastSignInUtc, (DateTimeOffset?)now).SetProperty(u => u.InactivityWarningUtc, (DateTimeOffset?)null), cancellationToken);

        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));
        db.UserTokens.Add(new IdentityUserToken<string>
        {
            UserId = userId,
            LoginProvider = LoginProvider,
            Name = id,
            Value = (now + Settings.AbsoluteLifetime).ToString("O", CultureInfo.InvariantCulture),
        });
        await db.SaveChangesAsync(cancellationToken);
        return id;
    }

    public async Task<bool> IsOpenAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        if (CachedState(cache, clock, sessionId) is { } cached)
        {
            return cached;
        }

        var key = CacheKey(sessionId);
        var now = clock.GetUtcNow();
        var row = await Rows(userId).FirstOrDefaultAsync(t => t.Name == sessionId, cancellationToken);
        if (row is null || EndOf(row) <= now)
        {
            return false;
        }

        var end = EndOf(row);
        var keep = end - now < Settings.CheckCacheDuration ? end - now : Settings.CheckCacheDuration;
        if (keep > TimeSpan.Zero)
        {
            cache.Set(key, end, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = keep, Size = 1 });
        }

        return true;
    }

    /// <summary>Ends one session (sign-out).</summary>
    public async Task EndAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        cache.Remove(CacheKey(sessionId));
        await Rows(userId).Where(t => t.Name == sessionId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Ends every session of the person except <paramref name="keep"/> (sign out everywhere else; an
    /// administrator locking the account).</summary>
    public async Task EndAllAsync(string userId, string? keep = null, CancellationToken cancellationToken = default)
    {
        var ids = await Rows(userId).Where(t => keep == null || t.Name != keep).Select(t => t.Name).ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            cache.Remove(CacheKey(id));
        }

        await Rows(userId).Where(t => keep == null || t.Name != keep).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Whether the session is open, as this node last read it (null: not read lately, ask the database).</summary>
    internal static bool? CachedState(IMemoryCache cache, TimeProvider clock, string sessionId) =>
        cache.TryGetValue<DateTimeOffset>(CacheKey(sessionId), out var end) ? end > clock.GetUtcNow() : null;

    private IQueryable<IdentityUserToken<string>> Rows(string userId) =>
        db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == LoginProvider);

    private static DateTimeOffset EndOf(IdentityUserToken<string> row) =>
        DateTimeOffset.TryParse(row.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var end) ? end : DateTimeOffset.MinValue;

    internal static string CacheKey(string sessionId) => "portal-session:" + sessionId;
}

/// <summary>The cookie events that open, check and end server sessions (wired in <c>AddPortalIdentity</c>).</summary>
internal static class ServerSessionEvents
{
    public static async Task SigningInAsync(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity || identity.HasClaim(c => c.Type == ServerSessions.ClaimType))
        {
            return;
        }

        var userId = identity.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        if (userId is null)
        {
            return;
        }

        // A refreshed sign-in (e-mail changed, "sign out everywhere else") keeps this device's session.
        var current = context.HttpContext.User;
        var sessionId = current.FindFirstValue(ClaimTypes.NameIdentifier) == userId ? current.FindFirstValue(ServerSessions.ClaimType) : null;
        var sessions = context.HttpContext.RequestServices.GetRequiredService<ServerSessions>();
        if (sessionId is null || !await sessions.IsOpenAsync(userId, sessionId, context.HttpContext.RequestAborted))
        {
            sessionId = await sessions.StartAsync(userId, context.HttpContext.RequestAborted);
        }

        identity.AddClaim(new Claim(ServerSessions.ClaimType, sessionId));
    }

    /// <summary>False (and the person signed out) when the cookie's session has ended or it has none.</summary>
    public static async Task<bool> ValidateAsync(CookieValidatePrincipalContext context)
    {
        var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var sessionId = context.Principal?.FindFirstValue(ServerSessions.ClaimType);
        if (userId is not null && sessionId is not null)
        {
            // Most requests: the answer this node read a moment ago, without building the scoped service (and its
            // database context) that asks the database.
            var services = context.HttpContext.RequestServices;
            var open = ServerSessions.CachedState(services.GetRequiredService<IMemoryCache>(), services.GetRequiredService<TimeProvider>(), sessionId)
                ?? await services.GetRequiredService<ServerSessions>().IsOpenAsync(userId, sessionId, context.HttpContext.RequestAborted);
            if (open)
            {
                return true;
            }
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        return false;
    }

    /// <summary>
    /// Whether Identity's security-stamp check has anything to do: it does nothing until
    /// <see cref="SecurityStampValidatorOptions.ValidationInterval"/> has passed since the cookie was issued, but resolving
    /// it builds a sign-in manager and a user manager on every request. The same test as the check's own, on the same clock
    /// (the options' <c>TimeProvider</c>, which Identity sets to the site's <see cref="TimeProvider"/>), made first, so
    /// most requests build neither.
    /// </summary>
    public static bool StampCheckDue(CookieValidatePrincipalContext context)
    {
        var issued = context.Properties.IssuedUtc;
        if (issued is null)
        {
            return true;
        }

        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        return (options.TimeProvider ?? TimeProvider.System).GetUtcNow() - issued.Value > options.ValidationInterval;
    }

    public static async Task SigningOutAsync(CookieSigningOutContext context)
    {
        var user = context.HttpContext.User;
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var sessionId = user.FindFirstValue(ServerSessions.ClaimType);
        if (userId is not null && sessionId is not null)
        {
            await context.HttpContext.RequestServices.GetRequiredService<ServerSessions>().EndAsync(userId, sessionId);
        }
    }

    /// <summary>The security-stamp check rebuilds the principal every few minutes: the session id goes with it.</summary>
    public static Task KeepSessionId(SecurityStampRefreshingPrincipalContext context)
    {
        var sessionId = context.CurrentPrincipal?.FindFirstValue(ServerSessions.ClaimType);
        if (sessionId is not null && context.NewPrincipal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == ServerSessions.ClaimType))
        {
            identity.AddClaim(new Claim(ServerSessions.ClaimType, sessionId));
        }

        return Task.CompletedTask;
    }
}
