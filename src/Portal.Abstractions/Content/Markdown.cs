namespace Portal.Content;

/// <summary>Renders Markdown to HTML that is safe to show: every module's Markdown goes through this one
/// renderer (Markdig + HtmlSanitizer), so user Markdown can never inject script.</summary>
public interface IMarkdownRenderer
{
    string ToSafeHtml(string? markdown);

    /// <summary>Plain text of the Markdown (for search, snippets and e-mail text parts).</summary>
    string ToPlainText(string? markdown);
}
