using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Content.Resources;
using Portal.Content.Services;

namespace Portal.Content.Tests;

/// <summary>Pages and news have names in search results in both languages.</summary>
public sealed class SearchLabelTests
{
    private static readonly ContentSearchLabels Labels = new(new StringLocalizer<ContentStrings>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance)));

    [Fact]
    public void Pages_and_news_are_named_in_the_readers_language()
    {
        var chinese = Labels.GetDocumentTypeNames("zh-HK");
        var english = Labels.GetDocumentTypeNames("en");

        Assert.Equal("網頁", chinese[PageSearchSource.SourceName]);
        Assert.Equal("新聞", chinese[NewsSearchSource.SourceName]);
        Assert.Equal("Web page", english[PageSearchSource.SourceName]);
        Assert.Equal("News story", english[NewsSearchSource.SourceName]);
        Assert.Empty(Labels.Facets);
    }
}
