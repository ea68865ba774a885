using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Globalization;
using Portal.Notifications.Data;
using Portal.Notifications.Models;
using Portal.Notifications.Resources;

namespace Portal.Notifications.Services;

/// <summary>A digest entry as rendered into the digest e-mail.</summary>
internal sealed record DigestEntry(string Kind, string Title, string? Url);

/// <summary>Turns a kind, a language and data into the subject, HTML and text of an e-mail.</summary>
internal sealed class EmailRenderer(
    TemplateRenderer renderer,
    SiteLinks links,
    NotificationKindRegistry kinds,
    IStringLocalizer<NotificationsStrings> localizer)
{
    /// <summary>Staff wording for the kind and language if there is one, else the module's default.</summary>
    public static async Task<NotificationTemplate?> FindTemplateAsync(NotificationsDbContext db, NotificationKind kind, string culture, CancellationToken cancellationToken)
    {
        culture = PortalCultures.Normalize(culture);
        var edited = await db.Templates.AsNoTracking()
            .Where(t => t.Kind == kind.Name && t.Culture == culture)
            .Select(t => new { t.Subject, t.Body })
            .FirstOrDefaultAsync(cancellationToken);
        return edited is not null
            ? new NotificationTemplate(culture, edited.Subject, edited.Body)
            : NotificationKindRegistry.DefaultTemplate(kind, culture);
    }

    public string RenderTitle(NotificationTemplate template, IReadOnlyDictionary<string, string> data) =>
        renderer.RenderSubject(template.Subject, data);

    public RenderedEmail Render(NotificationTemplate template, string culture, IReadOnlyDictionary<string, string> data, string? unsubscribeUrl)
    {
        culture = PortalCultures.Normalize(culture);
        var subject = renderer.RenderSubject(template.Subject, data);
        var fragment = renderer.RenderHtmlFragment(template.Body, data);
        var text = renderer.RenderText(template.Body, data);
        var (footerHtml, footerText) = Footer(culture, unsubscribeUrl);
        return new RenderedEmail(
            subject,
            TemplateRenderer.HtmlDocument(culture, subject, fragment, footerHtml),
            footerText is null ? text + "\n" : text + "\n\n-- \n" + footerText + "\n");
    }

    /// <summary>A digest: the digest template's greeting, then the entries grouped by kind with the kind's label.</summary>
    public RenderedEmail RenderDigest(NotificationTemplate template, string culture, string displayName, IReadOnlyList<DigestEntry> entries, string unsubscribeUrl)
    {
        culture = PortalCultures.Normalize(culture);
        var data = new Dictionary<string, string>
        {
            ["displayName"] = displayName,
            ["count"] = entries.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["notifications"] = CountText(culture, entries.Count),
        };
        var subject = renderer.RenderSubject(template.Subject, data);
        var html = new StringBuilder(renderer.RenderHtmlFragment(template.Body, data));
        var text = new StringBuilder(renderer.RenderText(template.Body, data)).Append('\n');
        foreach (var group in entries.GroupBy(e => e.Kind))
        {
            var kind = kinds.Find(group.Key);
            var label = kind is null ? group.Key : NotificationKindRegistry.Label(kind, culture);
            html.Append("<h2 style=\"font-size:20px\">").Append(WebUtility.HtmlEncode(label)).Append("</h2><ul>");
            text.Append('\n').Append(label).Append('\n');
            foreach (var entry in group)
            {
                html.Append("<li>");
                if (entry.Url is not null)
                {
                    var url = links.Absolute(entry.Url);
                    html.Append("<a href=\"").Append(TemplateRenderer.SafeUrl(url)).Append("\">").Append(WebUtility.HtmlEncode(entry.Title)).Append("</a>");
                    text.Append("- ").Append(entry.Title).Append(": ").Append(url).Append('\n');
                }
                else
                {
                    html.Append(WebUtility.HtmlEncode(entry.Title));
                    text.Append("- ").Append(entry.Title).Append('\n');
                }

                html.Append("</li>");
            }

            html.Append("</ul>");
        }

        var (footerHtml, footerText) = Footer(culture, unsubscribeUrl);
        return new RenderedEmail(
            subject,
            TemplateRenderer.HtmlDocument(culture, subject, html.ToString(), footerHtml),
            text.ToString().TrimEnd() + "\n\n-- \n" + footerText + "\n");
    }

    /// <summary>"1 notification", "3 notifications", 「3 則通知」 in the e-mail's language.</summary>
    private string CountText(string culture, int count)
    {
        using var _ = CultureScope.Use(culture);
        return localizer.Plural(count, "{0} notification", "{0} notifications").Value;
    }

    private (string? Html, string? Text) Footer(string culture, string? unsubscribeUrl)
    {
        if (unsubscribeUrl is null)
        {
            return (null, null);
        }

        using var _ = CultureScope.Use(culture);
        var why = localizer["You receive this email because of your notification settings."].Value;
        var change = localizer["Change your notification settings"].Value;
        var stop = localizer["Unsubscribe from these emails"].Value;
        var html = $"<p>{WebUtility.HtmlEncode(why)}</p><p><a href=\"{TemplateRenderer.SafeUrl(links.Preferences)}\">{WebUtility.HtmlEncode(change)}</a> · <a href=\"{TemplateRenderer.SafeUrl(unsubscribeUrl)}\">{WebUtility.HtmlEncode(stop)}</a></p>";
        var text = $"{why}\n{change}: {links.Preferences}\n{stop}: {unsubscribeUrl}";
        return (html, text);
    }
}
