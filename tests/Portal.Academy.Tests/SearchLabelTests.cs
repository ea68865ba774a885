using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Academy.Resources;
using Portal.Academy.Services;

namespace Portal.Academy.Tests;

/// <summary>The academy names the course type and the language a course is taught in for search.</summary>
public sealed class SearchLabelTests
{
    private static readonly CourseSearchLabels Labels = new(new StringLocalizer<AcademyStrings>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance)));

    [Fact]
    public void The_course_type_has_a_name_in_both_languages()
    {
        Assert.Equal("課程", Labels.GetDocumentTypeNames("zh-HK")["course"]);
        Assert.Equal("Course", Labels.GetDocumentTypeNames("en")["course"]);
    }

    [Fact]
    public async Task Course_languages_are_named_and_unknown_values_left_out()
    {
        var chinese = await Labels.GetLabelsAsync("language", ["zh-HK", "en", "both", "fr"], "zh-HK");
        var english = await Labels.GetLabelsAsync("language", ["both"], "en");

        Assert.Equal("粵語／中文", chinese["zh-HK"]);
        Assert.Equal("英文", chinese["en"]);
        Assert.Equal("中文及英文", chinese["both"]);
        Assert.False(chinese.ContainsKey("fr"));
        Assert.Equal("Chinese and English", english["both"]);
        Assert.Empty(await Labels.GetLabelsAsync("category", ["both"], "en"));
    }
}
