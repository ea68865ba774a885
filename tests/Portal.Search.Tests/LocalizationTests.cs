using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Portal.Search.Resources;

namespace Portal.Search.Tests;

public sealed partial class LocalizationTests
{
    [Fact]
    public void Chinese_resources_resolve_under_the_localizer_base_name()
    {
        var resources = new ResourceManager(typeof(SearchStrings).FullName!, typeof(SearchStrings).Assembly);

        Assert.Equal("搜尋", resources.GetString("Search", CultureInfo.GetCultureInfo("zh-HK")));
        Assert.Equal("找不到「互助」的結果。", string.Format(CultureInfo.InvariantCulture, resources.GetString("No results for “{0}”.", CultureInfo.GetCultureInfo("zh-HK"))!, "互助"));
    }

    [Fact]
    public void Every_string_the_module_shows_has_a_chinese_translation()
    {
        var root = Path.Combine(RepositoryRoot(), "src", "Modules", "Search");
        var resources = new ResourceManager(typeof(SearchStrings).FullName!, typeof(SearchStrings).Assembly);
        var zh = CultureInfo.GetCultureInfo("zh-HK");
        var keys = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal)) && !f.Contains("/obj/", StringComparison.Ordinal))
            .SelectMany(f => KeyPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal)))
            .Distinct()
            .ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.False(string.IsNullOrEmpty(resources.GetString(key, zh)), key));
    }

    [GeneratedRegex("T\\[\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex KeyPattern();

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
