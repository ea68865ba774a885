using System.Text.Json;
using System.Xml.Linq;

namespace Portal.IntegrationTests;

/// <summary>
/// One word for one thing (issue 15): the portal's glossary of rejected terms and the term to use instead. It scans
/// every zh-HK resx (values are the Chinese people read; names are the English text), the views and the demo
/// recipes, so a term that was once cleaned up cannot drift back in.
/// </summary>
public sealed class GlossaryTests
{
    /// <summary>Chinese terms people must not meet, and the term the portal uses.</summary>
    public static readonly TheoryData<string, string> Chinese = new()
    {
        { "字體大小", "文字大小" },                 // text size: the header's display settings and the account page
        { "訓練學院", "培訓學院" },                 // the academy: 培訓學院, formally 自助組織培訓學院 on certificates
    };

    /// <summary>English wording people must not meet (case-sensitive), and the wording the portal uses.</summary>
    public static readonly TheoryData<string, string> English = new()
    {
        { "Self-help organisation training academy", "Training academy (short) or Self-Help Organisation Training Academy (formal issuer)" },
        { "Self-help Organisation Training Academy", "Self-Help Organisation Training Academy" },
    };

    /// <summary>A whole English text (a resx name, a menu entry) that is too vague on its own.</summary>
    public static readonly TheoryData<string, string> EnglishWhole = new()
    {
        { "Academy", "Training academy" },
    };

    [Theory]
    [MemberData(nameof(Chinese))]
    public void Chinese_texts_use_the_glossary_term(string rejected, string preferred)
    {
        var found = ChineseTexts().Where(t => t.Text.Contains(rejected, StringComparison.Ordinal)).Select(t => t.Where).Distinct().ToList();
        Assert.True(found.Count == 0, $"「{rejected}」 should be 「{preferred}」 in: {string.Join("; ", found)}");
    }

    [Theory]
    [MemberData(nameof(English))]
    public void English_texts_use_the_glossary_term(string rejected, string preferred)
    {
        var found = EnglishTexts().Where(t => t.Text.Contains(rejected, StringComparison.Ordinal)).Select(t => t.Where).Distinct().ToList();
        Assert.True(found.Count == 0, $"\"{rejected}\" should be \"{preferred}\" in: {string.Join("; ", found)}");
    }

    [Theory]
    [MemberData(nameof(EnglishWhole))]
    public void English_names_shown_alone_use_the_glossary_term(string rejected, string preferred)
    {
        // Resx names that are a module id (used by the impact report to name a module's section) are not what is
        // shown: their zh-HK value is checked above and their English text comes from the module's own name.
        var found = EnglishTexts()
            .Where(t => t.Text.Trim() == rejected && !t.Where.Contains("ImpactStrings", StringComparison.Ordinal))
            .Select(t => t.Where).Distinct().ToList();
        Assert.True(found.Count == 0, $"\"{rejected}\" alone should be \"{preferred}\" in: {string.Join("; ", found)}");
    }

    [Fact]
    public void The_scan_reads_the_texts_it_guards()
    {
        // Guards the guard: the scan must see the preferred terms where they are used today.
        Assert.Contains(ChineseTexts(), t => t.Text == "文字大小");
        Assert.Contains(ChineseTexts(), t => t.Text == "培訓學院" && t.Where.Contains("recipe", StringComparison.Ordinal));
        Assert.Contains(EnglishTexts(), t => t.Text == "Training academy" && t.Where.Contains("AcademyStrings", StringComparison.Ordinal));
    }

    private static IEnumerable<(string Where, string Text)> ChineseTexts()
    {
        foreach (var file in ResxFiles())
        {
            foreach (var data in XDocument.Load(file).Root!.Elements("data"))
            {
                yield return (Relative(file) + " " + (string)data.Attribute("name")!, (string?)data.Element("value") ?? "");
            }
        }

        foreach (var (file, culture, text) in RecipeStrings())
        {
            if (culture != "en")
            {
                yield return (Relative(file), text);
            }
        }

        foreach (var file in Views())
        {
            yield return (Relative(file), File.ReadAllText(file));
        }
    }

    private static IEnumerable<(string Where, string Text)> EnglishTexts()
    {
        foreach (var file in ResxFiles())
        {
            foreach (var data in XDocument.Load(file).Root!.Elements("data"))
            {
                var name = (string)data.Attribute("name")!;
                yield return (Relative(file) + " " + name, name);
            }
        }

        foreach (var (file, culture, text) in RecipeStrings())
        {
            if (culture != "zh-HK")
            {
                yield return (Relative(file), text);
            }
        }

        foreach (var file in Views())
        {
            yield return (Relative(file), File.ReadAllText(file));
        }
    }

    private static IEnumerable<string> ResxFiles() =>
        new[] { "src", "themes" }.SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "*.zh-HK.resx", SearchOption.AllDirectories))
            .Where(NotBuildOutput);

    private static IEnumerable<string> Views() =>
        new[] { "src", "themes" }.SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "*.cshtml", SearchOption.AllDirectories))
            .Where(NotBuildOutput);

    /// <summary>Every string in the demo recipes, with the culture its JSON property names ("zh-HK", "en", "titleEn"...) imply.</summary>
    private static IEnumerable<(string File, string Culture, string Text)> RecipeStrings()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "content-recipes"), "*.json"))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var strings = new List<(string, string, string)>();
            Walk(document.RootElement, null, "", strings, file);
            foreach (var s in strings)
            {
                yield return s;
            }
        }
    }

    private static void Walk(JsonElement element, string? property, string culture, List<(string, string, string)> into, string file)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    Walk(p.Value, p.Name, CultureOf(p.Name) ?? culture, into, file);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, property, culture, into, file);
                }

                break;
            case JsonValueKind.String:
                into.Add((file, culture, element.GetString()!));
                break;
        }
    }

    private static string? CultureOf(string name) =>
        name == "en" || name.EndsWith("En", StringComparison.Ordinal) ? "en"
        : name == "zh-HK" || name.EndsWith("Zh", StringComparison.Ordinal) ? "zh-HK"
        : null;

    private static bool NotBuildOutput(string path) =>
        !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static string Root { get; } = ArchitectureTests.RepositoryRoot();

    private static string Relative(string file) => Path.GetRelativePath(Root, file);
}
