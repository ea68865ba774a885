using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Portal.Notifications.Services;

/// <summary>What a valid unsubscribe link stands for. <see cref="Kind"/> is <see cref="AllKinds"/> for digests.</summary>
internal sealed record UnsubscribeRequest(string UserId, string Kind)
{
    public const string AllKinds = "*";
}

/// <summary>
/// Signed, tamper-proof unsubscribe tokens (Data Protection: authenticated encryption with the site's key ring),
/// so the link works without signing in and nobody can unsubscribe someone else by editing it.
/// </summary>
internal sealed class UnsubscribeTokens
{
    private readonly IDataProtectionProvider dataProtection;

    public UnsubscribeTokens(IDataProtectionProvider dataProtection) => this.dataProtection = dataProtection;

    private const string Purpose = "Portal.Notifications.Unsubscribe.v1";
    private const char Separator = '\n';

    private IDataProtector Protector => dataProtection.CreateProtector(Purpose);

    internal string Create(string userId, string kind) => Protector.Protect(userId + Separator + kind);

    internal UnsubscribeRequest? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2000)
        {
            return null;
        }

        string payload;
        try
        {
            payload = Protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }

        var parts = payload.Split(Separator);
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0 ? new UnsubscribeRequest(parts[0], parts[1]) : null;
    }
}
