using System.Globalization;
using Portal.Globalization;

namespace Portal.Host.Tests;

/// <summary>Text that people wrote is marked with the language it is in (WCAG 3.1.2), judged by its script.</summary>
public sealed class LanguageOfTextTests
{
    [Theory]
    [InlineData("協助整理年度賬目及準備核數", "zh-HK")]
    [InlineData("Review our constitution before registering as a charity", "en")]
    [InlineData("照顧者 carer 支援", "zh-HK")]
    [InlineData("Tea with 陳太 and friends", "en")]
    [InlineData("𡃁仔義工", "zh-HK")]
    [InlineData("Café volunteers", "en")]
    [InlineData("2026 · 42", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void The_language_follows_the_script(string? text, string? expected) =>
        Assert.Equal(expected, PortalCultures.LanguageOfText(text));

    [Fact]
    public void Lang_is_given_only_when_the_text_is_not_in_the_pages_language()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-HK");
            Assert.Null(PortalCultures.LangIfOther("復康遊戲日需要活動義工"));
            Assert.Equal("en", PortalCultures.LangIfOther("A simple bilingual website for parents"));
            Assert.Null(PortalCultures.LangIfOther("2026"));

            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("zh-HK", PortalCultures.LangIfOther("復康遊戲日需要活動義工"));
            Assert.Null(PortalCultures.LangIfOther("A simple bilingual website for parents"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void Stored_text_is_marked_with_its_stored_culture_only_when_known_and_not_the_pages()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-HK");
            Assert.Equal("en", PortalCultures.LangOf("en"));
            Assert.Null(PortalCultures.LangOf("zh-HK"));
            Assert.Null(PortalCultures.LangOf(null)); // not known: never guessed
            Assert.Null(PortalCultures.LangOf(""));
            Assert.Null(PortalCultures.LangOfFallback(english: false, ""));

            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("zh-HK", PortalCultures.LangOf("zh-HK"));
            Assert.Null(PortalCultures.LangOf("en"));
            Assert.Equal("zh-HK", PortalCultures.LangOfFallback(english: true, ""));
            Assert.Null(PortalCultures.LangOfFallback(english: true, "Lesson one"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
