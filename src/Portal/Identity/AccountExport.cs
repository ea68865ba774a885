using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;

namespace Portal.Hosting.Identity;

/// <summary>PDPO data access: everything the host keeps about a person, in JSON and CSV. Never secrets
/// (password hash, security stamp, authenticator key, recovery codes).</summary>
public sealed record AccountExportData(
    string UserId,
    string? UserName,
    string DisplayName,
    string? Email,
    bool EmailConfirmed,
    string? PhoneNumber,
    string PreferredCulture,
    int TextSize,
    bool HighContrast,
    DateTimeOffset CreatedUtc,
    IReadOnlyList<string> Roles,
    bool TwoFactorEnabled,
    int AccessFailedCount,
    DateTimeOffset? LockoutEndUtc,
    bool IsDemoAccount,
    IReadOnlyList<string> ExternalLogins,
    DateTimeOffset ExportedUtc)
{
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<AccountExportData> CollectAsync(UserManager<PortalUser> users, PortalUser user, DateTimeOffset now) =>
        new(
            user.Id,
            user.UserName,
            user.DisplayName,
            user.Email,
            user.EmailConfirmed,
            user.PhoneNumber,
            user.PreferredCulture,
            user.TextSize,
            user.HighContrast,
            user.CreatedUtc,
            [.. await users.GetRolesAsync(user)],
            user.TwoFactorEnabled,
            user.AccessFailedCount,
            user.LockoutEnd,
            user.IsDemo,
            [.. (await users.GetLoginsAsync(user)).Select(l => l.LoginProvider)],
            now);

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Two columns, <c>field,value</c>, one row per field; UTF-8 with BOM so Excel shows Chinese correctly.</summary>
    public byte[] ToCsv() =>
        CsvText.Write(Fields().Select(f => new[] { f.Field, f.Value }).Prepend(["field", "value"]));

    /// <summary>The account's fields in a fixed order, as text (the CSV's rows).</summary>
    public IReadOnlyList<(string Field, string? Value)> Fields() =>
    [
        ("userId", UserId),
        ("userName", UserName),
        ("displayName", DisplayName),
        ("email", Email),
        ("emailConfirmed", Bool(EmailConfirmed)),
        ("phoneNumber", PhoneNumber),
        ("preferredCulture", PreferredCulture),
        ("textSize", TextSize.ToString(CultureInfo.InvariantCulture)),
        ("highContrast", Bool(HighContrast)),
        ("createdUtc", CreatedUtc.ToString("O", CultureInfo.InvariantCulture)),
        ("roles", string.Join(';', Roles)),
        ("twoFactorEnabled", Bool(TwoFactorEnabled)),
        ("accessFailedCount", AccessFailedCount.ToString(CultureInfo.InvariantCulture)),
        ("lockoutEndUtc", LockoutEndUtc?.ToString("O", CultureInfo.InvariantCulture)),
        ("isDemoAccount", Bool(IsDemoAccount)),
        ("externalLogins", string.Join(';', ExternalLogins)),
        ("exportedUtc", ExportedUtc.ToString("O", CultureInfo.InvariantCulture)),
    ];

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>RFC 4180 quoting, and a leading quote for values a spreadsheet would run as a formula (CSV injection).</summary>
    public static string Escape(string? value) => CsvText.Field(value);
}
