using Lucene.Net.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Search.Indexing;
using Portal.Search.Querying;

namespace Portal.Search.Tests;

public sealed class HighlighterAndLockTests
{
    [Fact]
    public void Highlighter_encodes_html_and_merges_overlapping_bigrams()
    {
        var query = new SearchQueryBuilder(SynonymSet.Empty).Build("照顧者壓力 volunteer")!;

        var html = SnippetHighlighter.Highlight("<script>alert(1)</script>照顧者壓力大 & Volunteering 照顧", query.Terms, 200);

        Assert.Equal("&lt;script&gt;alert(1)&lt;/script&gt;<mark>照顧者壓力</mark>大 &amp; <mark>Volunteering</mark> 照顧", html);
    }

    [Fact]
    public void A_chinese_word_is_marked_only_where_it_occurs_whole()
    {
        var query = new SearchQueryBuilder(SynonymSet.Empty).Build("照顧者")!;

        var html = SnippetHighlighter.Highlight("照顧家人的照顧者", query.Terms, 200);

        Assert.Equal("照顧家人的<mark>照顧者</mark>", html);
        Assert.Equal("<mark>照顧</mark>家人的<mark>照顧者</mark>", SnippetHighlighter.Highlight("照顧家人的照顧者", query.Terms.Loosened(), 200));
    }

    [Fact]
    public void Long_text_is_cut_around_the_matches()
    {
        var query = new SearchQueryBuilder(SynonymSet.Empty).Build("互助")!;
        var text = new string('甲', 300) + "互助小組" + new string('乙', 300);

        var html = SnippetHighlighter.Highlight(text, query.Terms, 60);

        Assert.StartsWith("…", html, StringComparison.Ordinal);
        Assert.EndsWith("…", html, StringComparison.Ordinal);
        Assert.Contains("<mark>互助</mark>", html, StringComparison.Ordinal);
        Assert.True(html.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal).Length <= 62);
    }

    [Fact]
    public void A_second_process_cannot_open_the_same_index_folder()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "search-index");
        using var first = new SearchIndex(path, NullLogger<SearchIndex>.Instance);
        first.Open();
        using var second = new SearchIndex(path, NullLogger<SearchIndex>.Instance);

        Assert.Throws<LockObtainFailedException>(() => second.Open());
        Assert.True(first.IsOpen);
    }
}
