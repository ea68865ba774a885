using System.Text.RegularExpressions;
using Portal.Globalization;

namespace Portal.Content.Models;

public enum PublishStatus
{
    Draft = 0,
    Published = 1,
}

/// <summary>A problem with what someone entered. <see cref="Message"/> is English text that is also the
/// localization key; <see cref="Field"/> is the form field (and recipe property) it belongs to.</summary>
public sealed record ContentError(string Field, string Message, int? Limit = null)
{
    /// <summary>The message in English with its limit filled in (recipes and logs).</summary>
    public string Text => Limit is null ? Message : string.Format(System.Globalization.CultureInfo.InvariantCulture, Message, Limit);
}

/// <summary>Thrown by an entity when a rule would be broken (e.g. publishing a page without any text).</summary>
public sealed class ContentRuleException(ContentError error) : Exception(error.Text)
{
    public ContentError Error { get; } = error;
}

/// <summary>Text in one of the two languages, and whether it is the other language standing in.</summary>
public sealed record LocalizedText(string Text, string Culture, bool IsFallback);

public static partial class ContentRules
{
    public const int SlugMaxLength = 80;
    public const int TitleMaxLength = 200;
    public const int SummaryMaxLength = 500;
    public const int BodyMaxLength = 100_000;
    public const int MenuTextMaxLength = 60;
    public const int UrlMaxLength = 500;

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();

    public static string NormalizeSlug(string? slug) => (slug ?? string.Empty).Trim().ToLowerInvariant();

    public static IEnumerable<ContentError> ValidateSlug(string slug)
    {
        if (slug.Length == 0)
        {
            yield return new("slug", "Enter a web address name (slug).");
        }
        else if (slug.Length > SlugMaxLength || !SlugPattern().IsMatch(slug))
        {
            yield return new("slug", "The slug may use only lower-case letters, digits and single hyphens (for example: about-us), up to 80 characters.");
        }
    }

    public static IEnumerable<ContentError> ValidateLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            yield return new(field, "This text is too long (at most {0} characters).", max);
        }
    }

    public const string CannotRenderMessage =
        "This text cannot be shown as written: it has too many quotes or lists inside each other. Use fewer levels.";

    /// <summary>A body the site's renderer cannot show (Markdown nested beyond its limit) is refused when saving,
    /// beside its field and with the text kept, instead of a page that shows it only as plain text.</summary>
    public static IEnumerable<ContentError> ValidateRenders(IMarkdownRenderer markdown, string field, string? body)
    {
        if (!markdown.CanRender(body))
        {
            yield return new(field, CannotRenderMessage);
        }
    }

    /// <summary>Menu links go to a page of this site (<c>/pages/about</c>) or to an http(s) address.</summary>
    public static IEnumerable<ContentError> ValidateUrl(string field, string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            yield return new(field, "Enter the address the link goes to.");
            yield break;
        }

        foreach (var error in ValidateLength(field, url, UrlMaxLength))
        {
            yield return error;
        }

        var local = url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal);
        var external = Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
        if (!local && !external)
        {
            yield return new(field, "The address must start with / (a page of this site) or with https://.");
        }
    }

    public static string? Clean(string? text)
    {
        var trimmed = text?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.ReplaceLineEndings("\n");
    }

    /// <summary>The text in <paramref name="culture"/>, else the other language's (marked as a fallback), else null.</summary>
    public static LocalizedText? Pick(string culture, string? chinese, string? english)
    {
        var wantEnglish = PortalCultures.Normalize(culture) == PortalCultures.English;
        var (first, firstCulture, second, secondCulture) = wantEnglish
            ? (english, PortalCultures.English, chinese, PortalCultures.Chinese)
            : (chinese, PortalCultures.Chinese, english, PortalCultures.English);
        if (!string.IsNullOrWhiteSpace(first))
        {
            return new LocalizedText(first, firstCulture, false);
        }

        return string.IsNullOrWhiteSpace(second) ? null : new LocalizedText(second, secondCulture, true);
    }
}
