using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Portal.Content;

namespace Portal.Notifications.Services;

/// <summary>
/// Applies a template: <c>{{name}}</c> placeholders are replaced by values, nothing else is interpreted
/// (no expressions, no code). The body is Markdown: the HTML part goes through the site's safe Markdown
/// renderer with the values HTML-encoded afterwards (so a value can never add markup), links only accept
/// http(s), mailto and site-relative values; the subject and the text part are plain text.
/// </summary>
internal sealed partial class TemplateRenderer(IMarkdownRenderer markdown)
{
    private const string SentinelPrefix = "NTFPH";
    private const string SentinelSuffix = "X";

    [GeneratedRegex(@"\{\{\s*([A-Za-z][A-Za-z0-9_.-]*)\s*\}\}")]
    internal static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"NTFPH(\d+)X")]
    private static partial Regex SentinelPattern();

    [GeneratedRegex(@"(\b(?:href|src)\s*=\s*"")([^""]*)("")", RegexOptions.IgnoreCase)]
    private static partial Regex UrlAttributePattern();

    [GeneratedRegex(@"!\[([^\]]*)\]\(([^)\s]*)\)")]
    private static partial Regex MarkdownImage();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]*)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+", RegexOptions.Multiline)]
    private static partial Regex MarkdownHeading();

    [GeneratedRegex(@"(\*\*|__|~~|`)")]
    private static partial Regex MarkdownEmphasis();

    /// <summary>Names used in a template, for the editor's help and preview.</summary>
    public static IReadOnlyList<string> PlaceholdersOf(string template) =>
        [.. PlaceholderPattern().Matches(template).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];

    public string RenderSubject(string subjectTemplate, IReadOnlyDictionary<string, string> data) =>
        HeaderGuard.CleanText(Substitute(subjectTemplate, data));

    /// <summary>The body as a safe HTML fragment.</summary>
    public string RenderHtmlFragment(string bodyTemplate, IReadOnlyDictionary<string, string> data)
    {
        var values = new List<string>();
        var withSentinels = PlaceholderPattern().Replace(bodyTemplate, m =>
        {
            values.Add(Lookup(data, m.Groups[1].Value));
            return SentinelPrefix + (values.Count - 1).ToString(CultureInfo.InvariantCulture) + SentinelSuffix;
        });

        var html = markdown.ToSafeHtml(withSentinels);

        // Values inside link targets must be links; anything else (javascript:, data:) becomes "#".
        html = UrlAttributePattern().Replace(html, m =>
        {
            var attribute = SentinelPattern().Replace(m.Groups[2].Value, s => SafeUrl(values[Index(s)]));
            return m.Groups[1].Value + attribute + m.Groups[3].Value;
        });
        return SentinelPattern().Replace(html, s => WebUtility.HtmlEncode(values[Index(s)]));
    }

    /// <summary>The body as plain text: values as they are, Markdown punctuation removed, links written out.</summary>
    public string RenderText(string bodyTemplate, IReadOnlyDictionary<string, string> data)
    {
        // Strip the template's Markdown first, so values are never mistaken for Markdown.
        var values = new List<string>();
        var withSentinels = PlaceholderPattern().Replace(bodyTemplate, m =>
        {
            values.Add(Lookup(data, m.Groups[1].Value));
            return SentinelPrefix + (values.Count - 1).ToString(CultureInfo.InvariantCulture) + SentinelSuffix;
        });
        var text = withSentinels.Replace("\r\n", "\n", StringComparison.Ordinal);
        text = MarkdownImage().Replace(text, "$1");
        text = MarkdownLink().Replace(text, m => m.Groups[1].Value == m.Groups[2].Value
            ? m.Groups[2].Value
            : m.Groups[1].Value + ": " + m.Groups[2].Value);
        text = MarkdownHeading().Replace(text, "");
        text = MarkdownEmphasis().Replace(text, "");
        return SentinelPattern().Replace(text, s => values[Index(s)]).Trim();
    }

    /// <summary>Wraps a fragment in a minimal, readable e-mail document.</summary>
    public static string HtmlDocument(string culture, string subject, string fragment, string? footerHtml)
    {
        var builder = new StringBuilder();
        builder.Append("<!DOCTYPE html><html lang=\"").Append(WebUtility.HtmlEncode(culture)).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
            .Append(WebUtility.HtmlEncode(subject))
            .Append("</title></head><body style=\"font-family:'Microsoft JhengHei','PingFang HK','Noto Sans CJK TC',Arial,sans-serif;font-size:18px;line-height:1.6;color:#1a1a1a;max-width:640px;margin:0 auto;padding:16px\">")
            .Append(fragment);
        if (footerHtml is not null)
        {
            builder.Append("<hr><footer style=\"font-size:15px;color:#444\">").Append(footerHtml).Append("</footer>");
        }

        return builder.Append("</body></html>").ToString();
    }

    internal static string SafeUrl(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith('/') && !trimmed.StartsWith("//", StringComparison.Ordinal) && !trimmed.StartsWith("/\\", StringComparison.Ordinal))
        {
            return WebUtility.HtmlEncode(trimmed);
        }

        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeMailto))
        {
            return WebUtility.HtmlEncode(uri.AbsoluteUri);
        }

        return "#";
    }

    private static string Substitute(string template, IReadOnlyDictionary<string, string> data) =>
        PlaceholderPattern().Replace(template, m => Lookup(data, m.Groups[1].Value));

    private static string Lookup(IReadOnlyDictionary<string, string> data, string name) =>
        data.TryGetValue(name, out var value) ? value ?? "" : "";

    private static int Index(Match sentinel) => int.Parse(sentinel.Groups[1].Value, CultureInfo.InvariantCulture);
}
