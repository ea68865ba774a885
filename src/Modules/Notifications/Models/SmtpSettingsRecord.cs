namespace Portal.Notifications.Models;

public enum SmtpSecurity
{
    None = 0,
    StartTls = 1,
    SslOnConnect = 2,
}

/// <summary>The SMTP settings saved on the admin screen (one row). The password is stored encrypted with Data
/// Protection, never in clear.</summary>
internal sealed class SmtpSettingsRecord
{
    public const int SingletonId = 1;

    public int Id { get; private set; } = SingletonId;
    public string Host { get; private set; } = "";
    public int Port { get; private set; } = 587;
    public SmtpSecurity Security { get; private set; } = SmtpSecurity.StartTls;
    public string? User { get; private set; }
    public string? ProtectedPassword { get; private set; }
    public string From { get; private set; } = "";
    public DateTimeOffset UpdatedUtc { get; private set; }

    /// <param name="protectedPassword">null keeps the stored password.</param>
    public void Update(string host, int port, SmtpSecurity security, string? user, string? protectedPassword, bool clearPassword, string from, DateTimeOffset nowUtc)
    {
        Host = host;
        Port = port;
        Security = security;
        User = string.IsNullOrWhiteSpace(user) ? null : user;
        if (clearPassword)
        {
            ProtectedPassword = null;
        }
        else if (protectedPassword is not null)
        {
            ProtectedPassword = protectedPassword;
        }

        From = from;
        UpdatedUtc = nowUtc;
    }
}
