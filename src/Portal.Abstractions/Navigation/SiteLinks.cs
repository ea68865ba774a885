namespace Portal.Navigation;

/// <summary>
/// The site's public address, worked out one way for the whole portal: the <c>Portal:PublicBaseUrl</c> setting
/// (required outside Development, so a forged <c>Host</c> header never reaches an e-mail or a QR code); in
/// Development without it, the current request's own address. Implemented by the host.
/// </summary>
public interface ISiteLinks
{
    /// <summary>e.g. <c>https://portal.example.hk</c>, without a trailing slash.</summary>
    string BaseUrl { get; }

    /// <summary>An absolute URL for a site-relative path (<c>/kb/articles/x</c>); absolute URLs are returned as they are.</summary>
    string Absolute(string siteRelativePath);
}
