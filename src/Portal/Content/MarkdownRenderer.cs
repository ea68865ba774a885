using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;
using Markdig.Extensions.GenericAttributes;
using Microsoft.Extensions.Logging;
using Portal.Content;
using Portal.Navigation;

namespace Portal.Hosting.Content;

/// <summary>
/// Markdig with the advanced extensions, then HtmlSanitizer: user Markdown is untrusted (ASVS 1.3.5), and members'
/// content (forum posts, comments) is shown inside the site's own page, so it may not dress up as the page either:
/// <list type="bullet">
/// <item>raw HTML is off, and so are Markdig's generic attributes (<c>{#id .class style=…}</c>);</item>
/// <item><c>style</c> survives only as <c>text-align</c> on table cells (Markdig's column alignment);</item>
/// <item><c>class</c> only from the short list Markdig's own features emit (footnotes, task lists, figures, maths);</item>
/// <item>every <c>id</c> gets the prefix <c>md-</c> (and every in-page link <c>#x</c> becomes <c>#md-x</c>), so a
/// heading called "site header" can never collide with the layout's <c>site-header</c> or <c>main</c>;</item>
/// <item>links to other sites get <c>rel="nofollow noopener noreferrer ugc"</c>; links on the site's own host
/// (relative, or <c>Portal:PublicBaseUrl</c>'s host) are left alone;</item>
/// <item>no forms, buttons or inputs except Markdig's disabled task-list checkboxes.</item>
/// </list>
/// It never throws: Markdown that Markdig refuses (nested deeper than its limit, such as 64 levels of <c>&gt;</c>)
/// is shown as its own text, HTML-encoded in a paragraph, with a warning logged (without the text). Editors ask
/// <see cref="CanRender"/> before saving so such a body is refused with a clear message instead.
/// </summary>
internal sealed partial class MarkdownRenderer : IMarkdownRenderer
{
    public const string IdPrefix = "md-";
    public const string ExternalRel = "nofollow noopener noreferrer ugc";

    /// <summary>The classes Markdig's enabled extensions write; nothing of the site's own stylesheet.</summary>
    public static readonly IReadOnlySet<string> AllowedClasses = new HashSet<string>(StringComparer.Ordinal)
    {
        "footnotes", "footnote-ref", "footnote-back-ref",
        "contains-task-list", "task-list-item", "task-list-item-checkbox",
        "figure", "figure-caption", "math",
    };

    private static readonly MarkdownPipeline Pipeline = BuildPipeline();

    private readonly HtmlSanitizer _sanitizer;
    private readonly ISiteLinks? _links;
    private readonly ILogger _logger;

    public MarkdownRenderer(ISiteLinks? links = null, ILogger<MarkdownRenderer>? logger = null)
    {
        _links = links;
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _sanitizer = new HtmlSanitizer();
        foreach (var tag in new[] { "form", "button", "select", "option", "optgroup", "textarea", "fieldset", "legend", "label", "datalist", "output" })
        {
            _sanitizer.AllowedTags.Remove(tag);
        }

        // Heading anchors and footnotes need ids; the sanitizer drops them by default. They are prefixed below.
        _sanitizer.AllowedAttributes.Add("id");
        _sanitizer.AllowedAttributes.Add("class");
        _sanitizer.AllowedSchemes.Add("mailto");
        _sanitizer.AllowedSchemes.Add("tel");
        foreach (var name in AllowedClasses)
        {
            _sanitizer.AllowedClasses.Add(name);
        }

        _sanitizer.AllowedCssProperties.Clear();
        _sanitizer.AllowedCssProperties.Add("text-align");
        _sanitizer.AllowedAtRules.Clear();
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement element)
            {
                Restrict(element);
            }
        };
    }

    public string ToSafeHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return string.Empty;
        }

        try
        {
            return SanitizeHtml(Markdown.ToHtml(markdown, Pipeline));
        }
        catch (Exception ex) when (IsRenderFailure(ex))
        {
            // The content is members' words (possibly health details): the length and the failure, never the text.
            LogCannotRender(ex.GetType().Name, markdown.Length, "HTML");
            return AsPlainParagraph(markdown);
        }
    }

    public string ToSafeHtml(string? markdown, string? culture)
    {
        var html = ToSafeHtml(markdown);
        if (string.IsNullOrEmpty(culture) || !html.Contains("<h", StringComparison.Ordinal))
        {
            return html;
        }

        // Headings are where a Chinese text most often carries an English phrase (and the other way round); each
        // run of the other script gets its language, relative to the text's own (the container carries that).
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<!DOCTYPE html><html><body>" + html + "</body></html>");
        var body = document.Body!;
        var changed = false;
        foreach (var heading in body.QuerySelectorAll("h1, h2, h3, h4, h5, h6"))
        {
            foreach (var text in TextNodes(heading).ToList())
            {
                var runs = Portal.Globalization.PortalCultures.RunsOf(text.Data, culture);
                if (!runs.Any(r => r.Lang is not null))
                {
                    continue;
                }

                foreach (var run in runs)
                {
                    INode piece = run.Lang is null ? document.CreateTextNode(run.Text) : document.CreateElement("span");
                    if (piece is IElement span)
                    {
                        span.SetAttribute("lang", run.Lang);
                        span.TextContent = run.Text;
                    }

                    text.Parent!.InsertBefore(piece, text);
                }

                text.Parent!.RemoveChild(text);
                changed = true;
            }
        }

        return changed ? body.InnerHtml : html;
    }

    /// <summary>The text of an element, except inside a descendant that already says its language.</summary>
    private static IEnumerable<IText> TextNodes(INode node)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText text)
            {
                yield return text;
            }
            else if (child is IElement element && !element.HasAttribute("lang"))
            {
                foreach (var inner in TextNodes(element))
                {
                    yield return inner;
                }
            }
        }
    }

    public string ToPlainText(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return string.Empty;
        }

        try
        {
            return Markdown.ToPlainText(markdown, Pipeline).Trim();
        }
        catch (Exception ex) when (IsRenderFailure(ex))
        {
            LogCannotRender(ex.GetType().Name, markdown.Length, "plain text");
            return markdown.Trim();
        }
    }

    public bool CanRender(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return true;
        }

        try
        {
            SanitizeHtml(Markdown.ToHtml(markdown, Pipeline));
            Markdown.ToPlainText(markdown, Pipeline);
            return true;
        }
        catch (Exception ex) when (IsRenderFailure(ex))
        {
            return false;
        }
    }

    /// <summary>Markdig's limits (its depth limit is an <see cref="ArgumentException"/>; a deep tree can also run
    /// out of stack in the renderer or the sanitiser's parser). Anything else is a real bug and still surfaces.</summary>
    private static bool IsRenderFailure(Exception ex) =>
        ex is ArgumentException or InvalidOperationException or InsufficientExecutionStackException or IndexOutOfRangeException;

    /// <summary>The text as written, HTML-encoded: a paragraph, line breaks kept.</summary>
    internal static string AsPlainParagraph(string markdown) =>
        "<p>" + System.Net.WebUtility.HtmlEncode(markdown.Trim()).ReplaceLineEndings("<br>\n") + "</p>";

    private void LogCannotRender(string failure, int length, string target) => CannotRender(_logger, failure, length, target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Markdown of {Length} characters could not be rendered as {Target} ({Failure}); shown as plain text.")]
    private static partial void CannotRender(ILogger logger, string failure, int length, string target);

    /// <summary>The sanitising half on its own (tests feed it hostile HTML directly).</summary>
    internal string SanitizeHtml(string html) => _sanitizer.Sanitize(html);

    private static MarkdownPipeline BuildPipeline()
    {
        var builder = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml();
        builder.Extensions.RemoveAll(extension => extension is GenericAttributesExtension);
        return builder.Build();
    }

    private void Restrict(IElement element)
    {
        if (element.GetAttribute("style") is not null && !(element.LocalName is "td" or "th"))
        {
            element.RemoveAttribute("style");
        }

        if (element.GetAttribute("id") is { } id)
        {
            if (SafeId().IsMatch(id))
            {
                element.SetAttribute("id", IdPrefix + id);
            }
            else
            {
                element.RemoveAttribute("id");
            }
        }

        if (element.GetAttribute("class") is { } classes)
        {
            var kept = classes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(AllowedClasses.Contains).ToList();
            if (kept.Count == 0)
            {
                element.RemoveAttribute("class");
            }
            else
            {
                element.SetAttribute("class", string.Join(' ', kept));
            }
        }

        foreach (var name in new[] { "name", "for", "form", "formaction", "tabindex", "accesskey", "autofocus" })
        {
            element.RemoveAttribute(name);
        }

        if (element.LocalName == "input" && !IsTaskCheckbox(element))
        {
            element.Remove();
            return;
        }

        if (element.LocalName == "a" && element.GetAttribute("href") is { } href)
        {
            if (href.StartsWith('#'))
            {
                var target = href[1..];
                if (target.Length > 0 && !target.StartsWith(IdPrefix, StringComparison.Ordinal))
                {
                    element.SetAttribute("href", "#" + IdPrefix + target);
                }
            }
            else if (IsExternal(href))
            {
                element.SetAttribute("rel", ExternalRel);
            }
            else
            {
                element.RemoveAttribute("rel");
            }

            element.RemoveAttribute("target");
        }
    }

    private static bool IsTaskCheckbox(IElement input) =>
        string.Equals(input.GetAttribute("type"), "checkbox", StringComparison.OrdinalIgnoreCase) && input.HasAttribute("disabled");

    /// <summary>True for an absolute or protocol-relative link to another host; relative links and the site's own
    /// host are not external.</summary>
    private bool IsExternal(string href)
    {
        var trimmed = href.Trim();
        if (trimmed.StartsWith("//", StringComparison.Ordinal) || trimmed.StartsWith(@"\\", StringComparison.Ordinal) || trimmed.StartsWith(@"/\", StringComparison.Ordinal))
        {
            return true;
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri))
        {
            return false;
        }

        if (uri.Scheme is not ("http" or "https"))
        {
            return false; // mailto:, tel: (other schemes are removed by the sanitizer)
        }

        var own = OwnHost();
        return own is null || !string.Equals(uri.IdnHost, own, StringComparison.OrdinalIgnoreCase);
    }

    private string? OwnHost()
    {
        try
        {
            return _links?.BaseUrl is { } baseUrl && Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) ? uri.IdnHost : null;
        }
        catch (InvalidOperationException)
        {
            return null; // no configured address and no request: every absolute link counts as external
        }
    }

    [GeneratedRegex(@"^[\p{L}\p{N}_:.\-]{1,120}$")]
    private static partial Regex SafeId();
}
