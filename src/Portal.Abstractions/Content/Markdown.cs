namespace Portal.Content;

/// <summary>Renders Markdown to HTML that is safe to show: every module's Markdown goes through this one
/// renderer (Markdig + HtmlSanitizer), so user Markdown can never inject script.</summary>
public interface IMarkdownRenderer
{
    /// <summary>Never throws: Markdown that cannot be rendered (nested too deeply, for example) comes back as its
    /// own text, HTML-encoded in a paragraph, so a page that shows it is still a page.</summary>
    string ToSafeHtml(string? markdown);

    /// <summary>As <see cref="ToSafeHtml(string?)"/>, for Markdown whose language is KNOWN (<paramref name="culture"/>,
    /// the stored text's culture): headings mark runs of the other script with their language (WCAG 3.1.2), e.g.
    /// "## 同路人支援 Peer support" has <c>&lt;span lang="en"&gt;</c> around "Peer support". With no culture it is the
    /// plain rendering: a language is never guessed.</summary>
    string ToSafeHtml(string? markdown, string? culture) => ToSafeHtml(markdown);

    /// <summary>Plain text of the Markdown (for search, snippets and e-mail text parts). Never throws either.</summary>
    string ToPlainText(string? markdown);

    /// <summary>True when the Markdown renders as written. Every editor that saves Markdown asks this first and
    /// refuses the save with a clear message (keeping the text) rather than storing a body that would only ever
    /// show as plain text. Empty text can be rendered.</summary>
    bool CanRender(string? markdown)
    {
        // The default serves stand-in renderers that throw on what they cannot render; the host's renderer
        // answers from the real Markdig pipeline.
        try
        {
            ToSafeHtml(markdown);
            ToPlainText(markdown);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or InsufficientExecutionStackException or IndexOutOfRangeException)
        {
            return false;
        }
    }
}
