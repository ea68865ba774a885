using Portal.Navigation;

namespace Portal.Notifications.Services;

/// <summary>Absolute links for e-mails, which are read outside the site: the host's <see cref="ISiteLinks"/>
/// (the configured public address) plus the module's own unsubscribe and preference links.</summary>
internal sealed class SiteLinks(ISiteLinks site, UnsubscribeTokens tokens)
{
    public string BaseUrl => site.BaseUrl;

    public string Absolute(string siteRelative) => site.Absolute(siteRelative);

    public string Unsubscribe(string userId, string kind) => site.Absolute("/unsubscribe/" + tokens.Create(userId, kind));

    public string Preferences => site.Absolute("/account/notifications");
}
