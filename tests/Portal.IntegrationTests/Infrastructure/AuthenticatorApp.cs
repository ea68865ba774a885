using System.Net;
using System.Security.Cryptography;

namespace Portal.IntegrationTests.Infrastructure;

/// <summary>What a person's authenticator app shows.</summary>
internal static class AuthenticatorApp
{
    /// <summary>The current code (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits) from the Base32 key.</summary>
    public static string Code(string base32Key)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(base32Key.ToUpperInvariant().Where(c => alphabet.Contains(c, StringComparison.Ordinal))
            .Select(c => Convert.ToString(alphabet.IndexOf(c, StringComparison.Ordinal), 2).PadLeft(5, '0')));
        var key = Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var counter = BitConverter.GetBytes(IPAddress.HostToNetworkOrder(step));
#pragma warning disable CA5350 // RFC 6238 as authenticator apps use it
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var value = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }
}
