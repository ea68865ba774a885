using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Portal.Hosting.Data;
using Portal.Privacy;

namespace Portal.Hosting.Privacy;

/// <summary>Every <see cref="AuditedArea"/> registered by the host and the modules, by name.</summary>
public sealed class AuditedAreaCatalog(IEnumerable<IAuditedAreaProvider> providers)
{
    /// <summary>The areas in the current UI culture, ordered by title (titles are read per call: they follow the culture).</summary>
    public IReadOnlyList<AuditedArea> All() =>
        [.. providers.SelectMany(p => p.GetAreas()).GroupBy(a => a.Name, StringComparer.Ordinal).Select(g => g.First()).OrderBy(a => a.Title, StringComparer.CurrentCulture)];

    public AuditedArea? Find(string? name) =>
        name is null ? null : providers.SelectMany(p => p.GetAreas()).FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));

    /// <summary>The title to show for a stored area name (the name itself when its module is gone).</summary>
    public string TitleOf(string name) => Find(name)?.Title ?? name;
}

/// <summary>
/// The host's <see cref="IPersonalDataAccessLog"/>: appends to <see cref="HostDbContext.AuditEntriesTable"/> in its
/// own short transaction (so call it outside a module's open write transaction), and keeps reasons given through the
/// reason prompt in a protected, HttpOnly cookie for <see cref="ReasonLifetime"/>.
/// </summary>
public sealed class AuditTrail(
    HostDbContext db,
    AuditedAreaCatalog areas,
    TimeProvider clock,
    IHttpContextAccessor http,
    IDataProtectionProvider protection,
    ILogger<AuditTrail> logger) : IPersonalDataAccessLog
{
    public const string ReasonCookie = "portal-access-reason";

    public static readonly TimeSpan ReasonLifetime = TimeSpan.FromMinutes(30);

    private const int MaxReasonsKept = 8;

    private IDataProtector Protector => protection.CreateProtector("Portal.Privacy.AccessReason.v1");

    public async Task RecordAsync(PersonalDataAccess access, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentException.ThrowIfNullOrWhiteSpace(access.ActorUserId);
        var area = areas.Find(access.Area)
            ?? throw new InvalidOperationException($"No module registered the audited area '{access.Area}' (AddAuditedAreas).");
        var reason = Clip(access.Reason, PersonalDataAccessLimits.ReasonMaxLength);
        if (area.HealthRelated && reason is null)
        {
            throw new InvalidOperationException($"The area '{access.Area}' holds health-related data: ask for a reason first (PersonalDataReasonPrompt).");
        }

        var item = Clip(access.Item, PersonalDataAccessLimits.ItemMaxLength);
        var now = clock.GetUtcNow();
        var subjects = access.SubjectUserIds
            .Where(s => !string.IsNullOrWhiteSpace(s) && !string.Equals(s, access.ActorUserId, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (subjects.Count == 0)
        {
            return;
        }

        foreach (var subject in subjects)
        {
            db.AuditEntries.Add(new AuditEntry(now, access.ActorUserId, subject, area.Name, access.Action, reason, item));
        }

        // Not cancellable: the person has seen the data, so the record must be written.
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation("Audit: {Action} {Area} by user {ActorId} for {Count} people", access.Action, area.Name, access.ActorUserId, subjects.Count);
    }

    public string? GivenReason(string scope)
    {
        var context = http.HttpContext;
        var actor = context?.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        if (context is null || actor is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        return ReadReasons(context).FirstOrDefault(r => r.Actor == actor && r.Scope == scope && r.ExpiresUtc > now)?.Reason;
    }

    /// <summary>Keeps <paramref name="reason"/> for <paramref name="scope"/> on this browser (the reason prompt's post).</summary>
    public void RememberReason(HttpContext context, string actorUserId, string scope, string reason)
    {
        var now = clock.GetUtcNow();
        var kept = ReadReasons(context)
            .Where(r => r.Actor == actorUserId && r.ExpiresUtc > now && r.Scope != scope)
            .Take(MaxReasonsKept - 1)
            .Prepend(new GivenReasonRecord(actorUserId, scope, reason, now + ReasonLifetime))
            .ToList();
        context.Response.Cookies.Append(ReasonCookie, Protector.Protect(JsonSerializer.Serialize(kept)), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            IsEssential = true,
            MaxAge = ReasonLifetime,
            Path = "/",
        });
    }

    private List<GivenReasonRecord> ReadReasons(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(ReasonCookie, out var value) || string.IsNullOrEmpty(value))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<GivenReasonRecord>>(Protector.Unprotect(value)) ?? [];
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return [];
        }
    }

    private static string? Clip(string? value, int max)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length <= max ? trimmed : trimmed[..max];
    }

    private sealed record GivenReasonRecord(string Actor, string Scope, string Reason, DateTimeOffset ExpiresUtc);
}
