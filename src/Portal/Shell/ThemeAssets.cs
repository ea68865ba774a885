using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.FileProviders;

namespace Portal.Hosting.Shell;

/// <summary>The theme files (embedded in Portal.Themes, served at <c>/themes/…</c>) and their fingerprinted URLs:
/// <c>/themes/Default/styles/site.css?v=…</c> changes whenever the file does, so it can be cached for a year.</summary>
internal static class ThemeAssets
{
    private static readonly ConcurrentDictionary<string, string> Versioned = new(StringComparer.Ordinal);

    public static IFileProvider FileProvider { get; } =
        new EmbeddedFileProvider(typeof(Portal.Themes.ThemesAssembly).Assembly, "Portal.Themes");

    /// <summary><paramref name="url"/> (<c>/themes/…</c>) with <c>?v=</c> and a hash of the file's content.</summary>
    public static string Fingerprint(string url) => Versioned.GetOrAdd(url, static u =>
    {
        if (!u.StartsWith("/themes/", StringComparison.Ordinal))
        {
            return u;
        }

        var file = FileProvider.GetFileInfo(u["/themes".Length..]);
        if (!file.Exists)
        {
            return u;
        }

        using var stream = file.CreateReadStream();
        var hash = WebEncoders.Base64UrlEncode(SHA256.HashData(stream).AsSpan(0, 12));
        return $"{u}?v={hash}";
    });
}

/// <summary>Static files: a fingerprinted URL (<c>?v=</c>) is cached for a year; anything else for an hour.</summary>
internal static class StaticFileCaching
{
    public static void Apply(StaticFileResponseContext context)
    {
        var http = context.Context;
        http.Response.Headers.CacheControl = http.Request.Query.ContainsKey("v")
            ? "public, max-age=31536000, immutable"
            : "public, max-age=3600";
    }
}
