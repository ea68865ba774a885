using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Portal.Notifications.Services;

/// <summary>Absolute links for e-mails, which are read outside the site.</summary>
internal sealed class SiteLinks(IOptions<NotificationsOptions> options, IConfiguration configuration, UnsubscribeTokens tokens)
{
    public string BaseUrl { get; } = (options.Value.PublicBaseUrl ?? configuration["Portal:PublicBaseUrl"] ?? configuration["Portal:BaseUrl"] ?? "http://localhost:5000").TrimEnd('/');

    public string Absolute(string siteRelative) =>
        siteRelative.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || siteRelative.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? siteRelative
            : BaseUrl + "/" + siteRelative.TrimStart('/');

    public string Unsubscribe(string userId, string kind) => BaseUrl + "/unsubscribe/" + tokens.Create(userId, kind);

    public string Preferences => BaseUrl + "/account/notifications";
}
