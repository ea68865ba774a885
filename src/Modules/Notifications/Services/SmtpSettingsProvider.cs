using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Portal.Notifications.Data;
using Portal.Notifications.Models;

namespace Portal.Notifications.Services;

/// <summary>The SMTP server to use. <see cref="ToString"/> never shows the password.</summary>
internal sealed record SmtpSettings(string Host, int Port, SmtpSecurity Security, string? User, string? Password, string From, bool FromConfiguration)
{
    public override string ToString() => $"{Host}:{Port} ({Security})";

    public static int DefaultPort(SmtpSecurity security) => security switch
    {
        SmtpSecurity.SslOnConnect => 465,
        SmtpSecurity.StartTls => 587,
        _ => 25,
    };
}

/// <summary>
/// Reads SMTP settings: configuration (<c>Portal:Smtp:*</c>, e.g. environment variables) wins over the row saved on
/// the admin screen whenever <c>Portal:Smtp:Host</c> is set.
/// </summary>
internal sealed class SmtpSettingsProvider
{
    private readonly IConfiguration configuration;
    private readonly IDbContextFactory<NotificationsDbContext> contexts;
    private readonly IDataProtectionProvider dataProtection;

    public SmtpSettingsProvider(IConfiguration configuration, IDbContextFactory<NotificationsDbContext> contexts, IDataProtectionProvider dataProtection)
    {
        this.configuration = configuration;
        this.contexts = contexts;
        this.dataProtection = dataProtection;
    }

    public const string SectionName = "Portal:Smtp";
    private const string ProtectorPurpose = "Portal.Notifications.SmtpPassword.v1";

    public bool ConfigurationWins => !string.IsNullOrWhiteSpace(configuration[SectionName + ":Host"]);

    internal async Task<SmtpSettings?> GetAsync(CancellationToken cancellationToken)
    {
        if (FromConfiguration() is { } configured)
        {
            return configured;
        }

        var record = await GetRecordAsync(cancellationToken);
        if (record is null || string.IsNullOrWhiteSpace(record.Host))
        {
            return null;
        }

        return new SmtpSettings(record.Host, record.Port, record.Security, record.User, UnprotectPassword(record.ProtectedPassword), record.From, false);
    }

    internal SmtpSettings? FromConfiguration()
    {
        var section = configuration.GetSection(SectionName);
        var host = section["Host"];
        if (string.IsNullOrWhiteSpace(host))
        {
            return null;
        }

        var security = Enum.TryParse<SmtpSecurity>(section["Security"], ignoreCase: true, out var parsed) ? parsed : SmtpSecurity.StartTls;
        var port = int.TryParse(section["Port"], out var p) && p is > 0 and < 65536 ? p : SmtpSettings.DefaultPort(security);
        return new SmtpSettings(host.Trim(), port, security, NullIfEmpty(section["User"]), NullIfEmpty(section["Password"]), section["From"]?.Trim() ?? "", true);
    }

    internal async Task<SmtpSettingsRecord?> GetRecordAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SmtpSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
    }

    /// <param name="password">A new password, or null/empty to keep the saved one.</param>
    internal async Task SaveAsync(string host, int port, SmtpSecurity security, string? user, string? password, bool clearPassword, string from, DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.SmtpSettings.FirstOrDefaultAsync(cancellationToken);
        if (record is null)
        {
            record = new SmtpSettingsRecord();
            db.SmtpSettings.Add(record);
        }

        var protectedPassword = string.IsNullOrEmpty(password) ? null : Protector.Protect(password);
        record.Update(host.Trim(), port, security, user?.Trim(), protectedPassword, clearPassword, from.Trim(), nowUtc);
        await db.SaveChangesAsync(cancellationToken);
    }

    private IDataProtector Protector => dataProtection.CreateProtector(ProtectorPurpose);

    private string? UnprotectPassword(string? protectedPassword)
    {
        if (string.IsNullOrEmpty(protectedPassword))
        {
            return null;
        }

        try
        {
            return Protector.Unprotect(protectedPassword);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Keys lost (new machine without the key ring): staff must enter the password again.
            return null;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
