using Portal.Navigation;

namespace Portal.Notifications.Tests;

/// <summary>The host's <see cref="ISiteLinks"/> as configured with <c>Portal:PublicBaseUrl</c>.</summary>
internal sealed class TestSiteLinks(string baseUrl) : ISiteLinks
{
    public string BaseUrl { get; } = baseUrl.TrimEnd('/');

    public string Absolute(string siteRelativePath) =>
        siteRelativePath.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || siteRelativePath.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? siteRelativePath
            : BaseUrl + "/" + siteRelativePath.TrimStart('/');
}
