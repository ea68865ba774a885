using System.Text.Encodings.Web;
using System.Text.Unicode;
using Portal.Globalization;

namespace Portal.Host.Tests;

/// <summary>
/// Runs of the other script inside stored text whose language is known (WCAG 3.1.2, language of parts): a Chinese name
/// in an English notification, an English phrase in a Chinese heading. Never guessed when the language is not known.
/// </summary>
public sealed class LanguageRunsTests
{
    private static string Show(string? text, string? culture) =>
        string.Join("|", PortalCultures.RunsOf(text, culture).Select(r => r.Lang is null ? r.Text : $"[{r.Lang}:{r.Text}]"));

    [Theory]
    [InlineData("No news for 32 days: 周家明", "No news for 32 days: |[zh-HK:周家明]")]
    [InlineData("Tea with 陳太 and 李生", "Tea with |[zh-HK:陳太]| and |[zh-HK:李生]")]
    [InlineData("Hello 𡃁仔 team", "Hello |[zh-HK:𡃁仔]| team")] // HKSCS, outside the BMP (U+210C1)
    [InlineData("Quote: 「周家明、陳大文」.", "Quote: |[zh-HK:「周家明、陳大文」]|.")] // CJK punctuation inside the run
    [InlineData("Name: 阿凡提·沙比爾 — done", "Name: |[zh-HK:阿凡提·沙比爾]| — done")] // shared marks only between Han
    [InlineData("Wait —周家明…", "Wait —|[zh-HK:周家明]|…")]
    [InlineData("Only English here, 2026.", "Only English here, 2026.")]
    [InlineData("A lone mark ， stays", "A lone mark ， stays")]
    [InlineData("全部都是中文", "[zh-HK:全部都是中文]")]
    public void Han_runs_inside_English_text_are_Chinese(string text, string expected) =>
        Assert.Equal(expected, Show(text, "en"));

    [Theory]
    [InlineData("同路人支援 Peer support", "同路人支援 |[en:Peer support]")]
    [InlineData("用Zoom開會", "用|[en:Zoom]|開會")]
    [InlineData("照顧者（carers' rights）指南", "照顧者（|[en:carers' rights]|）指南")]
    [InlineData("COVID-19 疫苗", "[en:COVID-19]| 疫苗")]
    [InlineData("Peer support。下一步", "[en:Peer support]|。下一步")]
    [InlineData("B 型肝炎 2026 年", "B 型肝炎 2026 年")] // a single letter and numbers are not English words
    [InlineData("快取測試消息 cd6c0b", "快取測試消息 cd6c0b")] // nor codes of letters and digits
    [InlineData("A4 紙、3M 膠紙、iPhone15", "A4 紙、3M 膠紙、iPhone15")]
    [InlineData("表格 AB12 與 Peer support", "表格 AB12 與 |[en:Peer support]")]
    [InlineData("請瀏覽 https://example.org/peer 了解更多", "請瀏覽 https://example.org/peer 了解更多")]
    [InlineData("網址 www.example.org，Peer support 組", "網址 www.example.org，|[en:Peer support]| 組")]
    [InlineData("見 Peer support https://example.org", "見 |[en:Peer support]| https://example.org")]
    [InlineData("Café 聚會", "[en:Café]| 聚會")]
    [InlineData("全部都是中文", "全部都是中文")]
    [InlineData("𡃁仔 Peer 義工", "𡃁仔 |[en:Peer]| 義工")]
    public void Latin_runs_inside_Chinese_text_are_English(string text, string expected) =>
        Assert.Equal(expected, Show(text, "zh-HK"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Text_of_unknown_language_is_one_run_without_a_language(string? culture)
    {
        var runs = PortalCultures.RunsOf("No news for 32 days: 周家明", culture);
        Assert.Equal([new LanguageRun("No news for 32 days: 周家明", null)], runs);
    }

    [Fact]
    public void Empty_text_has_no_runs()
    {
        Assert.Empty(PortalCultures.RunsOf("", "en"));
        Assert.Empty(PortalCultures.RunsOf(null, "zh-HK"));
        Assert.Equal("", Html(null, "en"));
    }

    [Fact]
    public void The_runs_are_the_whole_text()
    {
        const string text = "見 Peer support、https://example.org、B 型 COVID-19「𡃁仔」";
        Assert.Equal(text, string.Concat(PortalCultures.RunsOf(text, "zh-HK").Select(r => r.Text)));
        Assert.Equal(text, string.Concat(PortalCultures.RunsOf(text, "en").Select(r => r.Text)));
    }

    [Fact]
    public void Html_is_encoded_and_runs_are_spans()
    {
        Assert.Equal("Tom &amp; Jerry &lt;b&gt;&quot;hi&quot; <span lang=\"zh-HK\">周家明</span>", Html("Tom & Jerry <b>\"hi\" 周家明", "en"));
        Assert.Equal("<span lang=\"en\">Tom &amp; Jerry</span> &lt;b&gt;問答", Html("Tom & Jerry <b>問答", "zh-HK"));
        Assert.Equal("&lt;i&gt;周家明&lt;/i&gt;", Html("<i>周家明</i>", null));
    }

    [Fact]
    public void The_fallback_culture_is_the_language_of_the_text_shown()
    {
        Assert.Equal("en", PortalCultures.CultureOfFallback(english: true, "Lesson one"));
        Assert.Equal("zh-HK", PortalCultures.CultureOfFallback(english: true, ""));
        Assert.Equal("zh-HK", PortalCultures.CultureOfFallback(english: false, "Lesson one"));
    }

    private static string Html(string? text, string? culture)
    {
        using var writer = new StringWriter();
        PortalCultures.WithLanguageRuns(text, culture).WriteTo(writer, HtmlEncoder.Create(UnicodeRanges.All));
        return writer.ToString();
    }
}
