using AngleSharp.Html.Parser;
using Portal.Content;
using Portal.Hosting.Content;

namespace Portal.Host.Tests;

/// <summary>Language of parts in rendered Markdown of a known language (WCAG 3.1.2): headings mark runs of the other
/// script; the rest of the text, and Markdown of unknown language, are left as they are.</summary>
public sealed class MarkdownHeadingLanguageTests
{
    private readonly IMarkdownRenderer _renderer = new MarkdownRenderer();

    private static AngleSharp.Dom.IDocument Parse(string html) => new HtmlParser().ParseDocument("<body>" + html + "</body>");

    [Fact]
    public void An_English_phrase_in_a_Chinese_heading_is_marked_English_and_the_paragraphs_are_not_touched()
    {
        var html = _renderer.ToSafeHtml("## 同路人支援 Peer support 小組\n\n我們用 WhatsApp 聯絡。", "zh-HK");
        var document = Parse(html);
        var span = Assert.Single(document.QuerySelectorAll("h2 span[lang]"));
        Assert.Equal("en", span.GetAttribute("lang"));
        Assert.Equal("Peer support", span.TextContent);
        Assert.Equal("同路人支援 Peer support 小組", document.QuerySelector("h2")!.TextContent);
        Assert.StartsWith(MarkdownRenderer.IdPrefix, document.QuerySelector("h2")!.Id, StringComparison.Ordinal);
        Assert.Empty(document.QuerySelectorAll("p [lang]"));
    }

    [Fact]
    public void A_Chinese_name_in_an_English_heading_is_marked_Chinese_also_inside_emphasis()
    {
        var document = Parse(_renderer.ToSafeHtml("# Meet *陳大文* & the 𡃁仔 team", "en"));
        var spans = document.QuerySelectorAll("h1 span[lang='zh-HK']").Select(s => s.TextContent).ToList();
        Assert.Equal(["陳大文", "𡃁仔"], spans);
        Assert.NotNull(document.QuerySelector("h1 em span[lang='zh-HK']"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_a_known_language_nothing_is_marked(string? culture)
    {
        const string markdown = "## 同路人支援 Peer support\n\n<script>alert(1)</script>";
        Assert.Equal(_renderer.ToSafeHtml(markdown), _renderer.ToSafeHtml(markdown, culture));
        Assert.DoesNotContain("lang=", _renderer.ToSafeHtml(markdown, culture), StringComparison.Ordinal);
    }

    [Fact]
    public void Marking_keeps_the_sanitising()
    {
        var html = _renderer.ToSafeHtml("## 標題 Title <img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))", "zh-HK");
        var document = Parse(html);
        Assert.Empty(document.QuerySelectorAll("img, [onerror], script"));
        Assert.All(document.QuerySelectorAll("a"), a => Assert.DoesNotContain("javascript:", a.GetAttribute("href") ?? "", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("<span lang=\"en\">Title</span>", html, StringComparison.Ordinal);
    }
}
