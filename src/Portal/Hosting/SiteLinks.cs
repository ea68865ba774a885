using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Portal.Navigation;

namespace Portal.Hosting;

/// <summary>
/// The one place the portal works out its public address. <c>Portal:PublicBaseUrl</c> when set (required outside
/// Development: <see cref="PublicBaseUrlGuard"/> stops the start without it); in Development without it, the current
/// request's scheme, host and path base, or, outside a request (background work), the server's first address.
/// The <c>Host</c> header is never read when the setting is present, so a forged one cannot reach an e-mail link.
/// </summary>
internal sealed class SiteLinks(IOptions<PortalOptions> options, IHttpContextAccessor accessor, IServiceProvider services) : ISiteLinks
{
    private readonly string? _configured = PublicBaseUrlGuard.Normalize(options.Value.PublicBaseUrl);

    public string BaseUrl => _configured ?? FromRequest() ?? FromServer()
        ?? throw new InvalidOperationException(PublicBaseUrlGuard.Message);

    public string Absolute(string siteRelativePath)
    {
        ArgumentNullException.ThrowIfNull(siteRelativePath);
        if (siteRelativePath.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || siteRelativePath.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return siteRelativePath;
        }

        return BaseUrl + "/" + siteRelativePath.TrimStart('/');
    }

    private string? FromRequest()
    {
        var request = accessor.HttpContext?.Request;
        return request is null || !request.Host.HasValue ? null : $"{request.Scheme}://{request.Host}{request.PathBase}".TrimEnd('/');
    }

    private string? FromServer()
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault();
        return first is null ? null : first.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal).TrimEnd('/');
    }
}

/// <summary>Outside Development the portal will not start without a public base URL (issue: a forged Host header
/// ended up in password-reset links). By default it also answers only requests for that host name.</summary>
internal static class PublicBaseUrlGuard
{
    public const string Message =
        "Portal:PublicBaseUrl is not set. Outside Development the portal needs its public address for links in e-mails " +
        "and QR codes: set the environment variable Portal__PublicBaseUrl (e.g. Portal__PublicBaseUrl=https://portal.example.hk) " +
        "or \"Portal\": { \"PublicBaseUrl\": \"https://portal.example.hk\" } in appsettings.Production.json.";

    /// <summary>The URL without a trailing slash; null when not set; throws when it is not an absolute http(s) URL.</summary>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new InvalidOperationException($"Portal:PublicBaseUrl must be an absolute http or https address such as https://portal.example.hk (it is '{value}').");
        }

        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>Stops the start outside Development when the setting is missing or malformed, with a log line that
    /// says what to set.</summary>
    public static void Check(IHostEnvironment environment, PortalOptions options, ILogger logger)
    {
        string? normalized;
        try
        {
            normalized = Normalize(options.PublicBaseUrl);
        }
        catch (InvalidOperationException ex)
        {
            logger.LogCritical("{Message}", ex.Message);
            throw;
        }

        if (normalized is null && !environment.IsDevelopment())
        {
            logger.LogCritical("{Message}", Message);
            throw new InvalidOperationException(Message);
        }
    }

    /// <summary>The host names the portal answers when <c>AllowedHosts</c> is not configured: the public base URL's
    /// host, plus loopback names for probes on the machine itself (a health check from the proxy on the same host).</summary>
    public static string[] DefaultAllowedHosts(string publicBaseUrl) =>
        [new Uri(publicBaseUrl).IdnHost, "localhost", "127.0.0.1", "[::1]"];
}
