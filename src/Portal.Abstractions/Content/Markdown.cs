namespace Portal.Content;

/// <summary>Renders Markdown to HTML that is safe to show: every module's Markdown goes through this one
/// renderer (Markdig + HtmlSanitizer), so user Markdown can never inject script.</summary>
public interface IMarkdownRenderer
{
    /// <summary>Never throws: Markdown that cannot be rendered (nested too deeply, for example) comes back as its
    /// own text, HTML-encoded in a paragraph, so a page that shows it is still a page.</summary>
    string ToSafeHtml(string? markdown);

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
