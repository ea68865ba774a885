using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Portal.Knowledge.Tests;

public sealed partial class LocalizationTests
{
    private static IStringLocalizer Localizer(string resourcesPath) =>
        new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = resourcesPath }),
            NullLoggerFactory.Instance).Create(typeof(KnowledgeStrings));

    [Theory]
    [InlineData("")]
    [InlineData("Resources")]
    public void Chinese_text_is_found_whatever_resources_path_the_host_uses(string resourcesPath)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-HK");
            var localized = Localizer(resourcesPath)["Knowledge base"];

            Assert.False(localized.ResourceNotFound);
            Assert.Equal("知識庫", localized.Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void Every_text_in_the_views_has_a_chinese_translation()
    {
        var root = Path.Combine(RepositoryRoot(), "src", "Modules", "Knowledge");
        var keys = Directory.EnumerateFiles(root, "*.cshtml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "Controllers"), "*.cs"))
            .SelectMany(file => Key().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-HK");
            var localizer = Localizer("Resources");
            var missing = keys.Where(k => localizer[k].ResourceNotFound).ToList();

            Assert.True(keys.Count > 50, "the views should be found");
            Assert.Empty(missing);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void Every_upload_and_editor_error_has_a_chinese_translation()
    {
        // Services return English texts that controllers pass through T[...]: upload refusals included.
        var services = Path.Combine(RepositoryRoot(), "src", "Modules", "Knowledge", "Services");
        var keys = Directory.EnumerateFiles(services, "*.cs")
            .SelectMany(file => ServiceError().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-HK");
            var localizer = Localizer("Resources");

            Assert.Contains(Services.ImageReencoder.UnreadableError, keys);
            Assert.Contains(Services.ImageReencoder.TooManyPixelsError, keys);
            var missing = keys.Where(k => localizer[k].ResourceNotFound).ToList();
            Assert.Empty(missing);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [GeneratedRegex("(?:Fail\\(|const string \\w+Error = )\"([^\"]+)\"")]
    private static partial Regex ServiceError();

    [GeneratedRegex("T\\[\"([^\"]+)\"")]
    private static partial Regex Key();

    /// <summary>The folder holding Portal.slnx, found from the test's output folder whatever the build layout.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Portal.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Portal.slnx not found above " + AppContext.BaseDirectory);
    }
}
