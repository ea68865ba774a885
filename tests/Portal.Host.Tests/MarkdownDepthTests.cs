using Microsoft.Extensions.Logging;
using Portal.Content;
using Portal.Hosting.Content;

namespace Portal.Host.Tests;

/// <summary>Markdown that Markdig cannot render (nested beyond its depth limit) must never turn a page into a
/// 500: the real renderer shows it as plain text and logs a warning without the text, and it tells editors
/// beforehand through <see cref="IMarkdownRenderer.CanRender"/>.</summary>
public sealed class MarkdownDepthTests
{
    /// <summary>Markdig 1.6 refuses 64 levels of lists (each level is a list and an item) and 128 of quotes.</summary>
    public static TheoryData<string> Unrenderable => new()
    {
        NestedList(64) + "私人 listed text",
        string.Concat(Enumerable.Repeat("> ", 128)) + "私人 quoted text",
        new string('>', 50_000) + " 私人 quoted text",
    };

    public static string NestedList(int levels) => string.Concat(Enumerable.Range(0, levels).Select(i => new string(' ', i * 2) + "- item\n"));

    [Theory]
    [MemberData(nameof(Unrenderable))]
    public void Nested_too_deeply_renders_as_encoded_plain_text_with_a_warning_that_leaves_the_text_out(string markdown)
    {
        var log = new ListLogger();
        IMarkdownRenderer renderer = new MarkdownRenderer(null, log);

        var html = renderer.ToSafeHtml(markdown);
        var text = renderer.ToPlainText(markdown);

        Assert.False(renderer.CanRender(markdown));
        Assert.StartsWith("<p>", html, StringComparison.Ordinal);
        Assert.EndsWith("</p>", html, StringComparison.Ordinal);
        Assert.Contains("私人", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<blockquote", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<ul", html, StringComparison.Ordinal);
        Assert.Contains("私人", text, StringComparison.Ordinal);
        Assert.Equal(2, log.Warnings.Count);
        Assert.All(log.Warnings, w => Assert.DoesNotContain("私人", w, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("# Heading\n\n> quoted\n> > twice\n\n- a\n  - b")]
    public void Ordinary_markdown_can_be_rendered(string markdown)
    {
        IMarkdownRenderer renderer = new MarkdownRenderer();
        Assert.True(renderer.CanRender(markdown));
    }

    [Fact]
    public void Deep_but_renderable_nesting_is_rendered_as_markdown()
    {
        IMarkdownRenderer renderer = new MarkdownRenderer();
        var quotes = string.Concat(Enumerable.Repeat("> ", 64)) + "deep";
        Assert.True(renderer.CanRender(quotes));
        Assert.True(renderer.CanRender(NestedList(30)));
        Assert.Contains("<blockquote", renderer.ToSafeHtml(quotes), StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_fallback_encodes_markup_and_keeps_line_breaks()
    {
        var html = MarkdownRenderer.AsPlainParagraph("<script>alert(1)</script>\nnext line");
        Assert.Equal("<p>&lt;script&gt;alert(1)&lt;/script&gt;<br>\nnext line</p>", html);
    }

    private sealed class ListLogger : ILogger<MarkdownRenderer>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception) + (exception?.ToString() ?? ""));
            }
        }
    }
}
