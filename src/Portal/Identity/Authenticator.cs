using System.Text;
using QRCoder;

namespace Portal.Hosting.Identity;

/// <summary>What a person needs to add the portal to an authenticator app: the key, an otpauth URI and its QR code.</summary>
public sealed record AuthenticatorSetupInfo(string SharedKey, string FormattedKey, string Uri, string QrCodeDataUri);

public static class Authenticator
{
    /// <summary>Key in groups of four (easier to type), lower case.</summary>
    public static string FormatKey(string key)
    {
        var result = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0)
            {
                result.Append(' ');
            }

            result.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }

        return result.ToString().ToLowerInvariant();
    }

    /// <summary>Key URI format understood by Google Authenticator, Microsoft Authenticator, FreeOTP, etc.</summary>
    public static string BuildUri(string issuer, string account, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={key}&issuer={Uri.EscapeDataString(issuer)}&digits=6";

    /// <summary>A PNG QR code as a data URI (the CSP allows <c>img-src data:</c>; no script, no external service).</summary>
    public static string QrCodeDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.Q);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    public static AuthenticatorSetupInfo Describe(string issuer, string account, string key)
    {
        var uri = BuildUri(issuer, account, key);
        return new AuthenticatorSetupInfo(key, FormatKey(key), uri, QrCodeDataUri(uri));
    }

    /// <summary>Spaces and dashes people type (or apps show) are not part of the code.</summary>
    public static string NormalizeCode(string? code) =>
        (code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).Trim();

    /// <summary>Identity stores recovery codes as <c>XXXXX-XXXXX</c> (upper case); accept them typed with or without
    /// the dash, spaces or lower case.</summary>
    public static string NormalizeRecoveryCode(string? code)
    {
        var bare = NormalizeCode(code).ToUpperInvariant();
        return bare.Length == 10 ? $"{bare[..5]}-{bare[5..]}" : bare;
    }

    /// <summary>A six-digit code from an app (anything else is taken as a recovery code).</summary>
    public static bool LooksLikeAppCode(string normalized) => normalized.Length == 6 && normalized.All(char.IsAsciiDigit);
}
