using AngleSharp.Html.Parser;
using Portal.Hosting.Content;
using Portal.Navigation;

namespace Portal.Host.Tests;

/// <summary>The host's Markdown renderer with hostile Markdown and HTML: members' content must not run script,
/// cover the page, take the page's ids or pass search ranking to other sites.</summary>
public sealed class MarkdownSanitiserTests
{
    private readonly MarkdownRenderer _renderer = new(new FixedLinks("https://portal.example.hk"));

    private static AngleSharp.Dom.IDocument Parse(string html) => new HtmlParser().ParseDocument("<body>" + html + "</body>");

    [Theory]
    [InlineData("[Click anywhere](https://evil.example){style=\"position:fixed;top:0;left:0;width:100vw;height:100vh;z-index:9999\"}")]
    [InlineData("# Title {#site-header .site-header style=\"position:fixed\"}")]
    [InlineData("::: site-header\ncovered\n:::")]
    [InlineData("<a href=\"https://evil.example\" style=\"position:fixed;inset:0\" class=\"skip-link\" id=\"main\">x</a>")]
    public void Hostile_markdown_cannot_style_or_take_page_ids(string markdown)
    {
        var html = _renderer.ToSafeHtml(markdown);
        var document = Parse(html);
        // The attribute syntax stays visible as text (raw HTML and generic attributes are off); nothing becomes markup.
        Assert.Empty(document.QuerySelectorAll("[style]"));
        Assert.All(document.QuerySelectorAll("[id]"), e => Assert.StartsWith(MarkdownRenderer.IdPrefix, e.Id, StringComparison.Ordinal));
        Assert.Null(document.GetElementById("site-header"));
        Assert.Null(document.GetElementById("main"));
        Assert.All(document.QuerySelectorAll("[class]"), e => Assert.All(e.ClassList, c => Assert.Contains(c, MarkdownRenderer.AllowedClasses)));
    }

    [Theory]
    [InlineData("<div id=\"site-header\" class=\"site-header skip-link\" style=\"position:fixed;top:0;left:0;width:100%;height:100%;background:url(javascript:alert(1))\">overlay</div>")]
    [InlineData("<a href=\"https://evil.example\" style=\"display:block;position:absolute;inset:0;z-index:2147483647\">win</a>")]
    [InlineData("<p style=\"text-align:center;position:fixed\" id=\"main-content\">x</p>")]
    [InlineData("<img src=\"x\" onerror=\"alert(1)\" style=\"width:100vw;height:100vh\" class=\"visually-hidden\">")]
    [InlineData("<form action=\"https://evil.example\"><input name=\"password\" type=\"password\"><button>Sign in</button></form>")]
    [InlineData("<style>body{display:none}</style><script>alert(1)</script><iframe src=\"https://evil.example\"></iframe>")]
    public void Hostile_html_loses_overlays_ids_classes_forms_and_script(string hostile)
    {
        var html = _renderer.SanitizeHtml(hostile);
        var document = Parse(html);
        foreach (var banned in new[] { "position", "z-index", "onerror", "<script", "<style", "<iframe", "<form", "<button", "password", "javascript:" })
        {
            Assert.DoesNotContain(banned, html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.All(document.QuerySelectorAll("[id]"), e => Assert.StartsWith(MarkdownRenderer.IdPrefix, e.Id, StringComparison.Ordinal));
        Assert.All(document.QuerySelectorAll("[class]"), e => Assert.All(e.ClassList, c => Assert.Contains(c, MarkdownRenderer.AllowedClasses)));
        Assert.All(document.QuerySelectorAll("[style]"), e => Assert.Contains(e.LocalName, new[] { "td", "th" }));
    }

    [Fact]
    public void Heading_ids_are_prefixed_and_in_page_links_follow_them()
    {
        var html = _renderer.ToSafeHtml("# Site header\n\nSee [below](#site-header) and a note.[^1]\n\n[^1]: The note.");
        var document = Parse(html);
        Assert.NotNull(document.GetElementById("md-site-header"));
        Assert.Null(document.GetElementById("site-header"));
        Assert.Equal("#md-site-header", document.QuerySelector("a[href^='#md-site']")!.GetAttribute("href"));

        // Footnotes keep working: the reference points at the prefixed note, and the note back at the reference.
        var reference = document.QuerySelector("a.footnote-ref")!;
        var note = document.GetElementById(reference.GetAttribute("href")![1..]);
        Assert.NotNull(note);
        Assert.StartsWith("md-", note!.Id, StringComparison.Ordinal);
        Assert.NotNull(document.QuerySelector("div.footnotes"));
    }

    [Fact]
    public void Markdown_features_the_portal_uses_survive()
    {
        var html = _renderer.ToSafeHtml("""
            | left | middle | right |
            |:-----|:------:|------:|
            | a    | b      | c     |

            - [x] done
            - [ ] open

            **bold** and *italic* and `code` and ~~gone~~

            ![photo](/uploads/a.png)

            [mail](mailto:info@example.hk) [call](tel:+85212345678)
            """);
        var document = Parse(html);
        Assert.Equal("text-align: center", document.QuerySelectorAll("th")[1].GetAttribute("style")?.TrimEnd(';'));
        Assert.Equal(2, document.QuerySelectorAll("input[type=checkbox][disabled]").Length);
        Assert.NotNull(document.QuerySelector("li.task-list-item"));
        Assert.NotNull(document.QuerySelector("strong"));
        Assert.NotNull(document.QuerySelector("del"));
        Assert.Equal("/uploads/a.png", document.QuerySelector("img")!.GetAttribute("src"));
        Assert.NotNull(document.QuerySelector("a[href='mailto:info@example.hk']"));
        Assert.Null(document.QuerySelector("a[href^='mailto']")!.GetAttribute("rel"));
    }

    [Theory]
    [InlineData("[x](https://evil.example/page)", true)]
    [InlineData("<https://evil.example>", true)]
    [InlineData("www.evil.example", true)]
    [InlineData("[x](//evil.example/a)", true)]
    [InlineData("[x](http://portal.example.hk.evil.example/)", true)]
    [InlineData("[x](https://PORTAL.example.hk/kb)", false)]
    [InlineData("[x](https://portal.example.hk/kb?tag=照顧者)", false)]
    [InlineData("[x](/kb/articles/a)", false)]
    [InlineData("[x](kb/articles/a)", false)]
    [InlineData("[x](#top)", false)]
    public void External_links_get_nofollow_noopener_ugc(string markdown, bool external)
    {
        var anchor = Parse(_renderer.ToSafeHtml(markdown)).QuerySelector("a")!;
        var rel = anchor.GetAttribute("rel");
        if (external)
        {
            Assert.Equal(["nofollow", "noopener", "noreferrer", "ugc"], rel!.Split(' ').Order(StringComparer.Ordinal));
        }
        else
        {
            Assert.Null(rel);
        }

        Assert.Null(anchor.GetAttribute("target"));
    }

    [Fact]
    public void Hostile_link_rel_and_target_are_replaced()
    {
        var html = _renderer.SanitizeHtml("<a href=\"https://evil.example\" rel=\"opener\" target=\"_blank\">x</a><a href=\"/kb\" rel=\"opener\">y</a>");
        var anchors = Parse(html).QuerySelectorAll("a");
        Assert.Equal(MarkdownRenderer.ExternalRel, anchors[0].GetAttribute("rel"));
        Assert.Null(anchors[0].GetAttribute("target"));
        Assert.Null(anchors[1].GetAttribute("rel"));
    }

    [Fact]
    public void Without_a_known_address_every_absolute_link_counts_as_external()
    {
        var renderer = new MarkdownRenderer(new FixedLinks(null));
        var html = renderer.ToSafeHtml("[x](https://portal.example.hk/kb) [y](/kb)");
        var anchors = Parse(html).QuerySelectorAll("a");
        Assert.Equal(MarkdownRenderer.ExternalRel, anchors[0].GetAttribute("rel"));
        Assert.Null(anchors[1].GetAttribute("rel"));
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("![x](javascript:alert(1))")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    public void Script_never_survives(string markdown)
    {
        var html = _renderer.ToSafeHtml(markdown);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:text/html", html, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Parse(html).QuerySelectorAll("script, [onerror]"));
    }

    private sealed class FixedLinks(string? baseUrl) : ISiteLinks
    {
        public string BaseUrl => baseUrl ?? throw new InvalidOperationException("no address");

        public string Absolute(string siteRelativePath) => BaseUrl + "/" + siteRelativePath.TrimStart('/');
    }
}
