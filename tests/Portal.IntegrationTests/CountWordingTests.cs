using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Academy.Data;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>
/// Issue 15: English counts read "1 items", "1 learner(s)". Every count a view or message shows in English goes
/// through <c>T.Plural</c> (or chooses a singular text itself for a number that is not whole), and a staff page
/// with one learner says so in the singular.
/// </summary>
public sealed partial class CountWordingTests(PortalSite site) : IClassFixture<PortalSite>
{
    /// <summary>A text with a number placeholder followed by a counted noun in the plural, or a "(s)" ending.</summary>
    [GeneratedRegex(@"""(?<key>[^""\n]*(\{\d\}\s+(?:more\s+|new\s+|failed\s+|earlier\s+|unread\s+)?(?:items|members|people|messages|learners|lessons|courses|questions|offers|hours|days|minutes|months|weeks|years|entries|replies|results|notifications|accounts|versions|revisions|ratings|points|posts|topics|articles|pages|partners|mentees|mentors|groups|attempts|certificates|e-mails|emails|records|files|times|votes|seconds|enrolments)\b|[a-z]\(s\))[^""\n]*)""")]
    private static partial Regex CountedText();

    /// <summary>Texts whose count is never 1, with the reason.</summary>
    private static readonly Dictionary<string, string> NeverOne = new(StringComparer.Ordinal)
    {
        ["{0} of {1} points"] = "{1} is a factor's weight, a constant of 10 or more",
        ["The {0} most recent of {1} entries. Download your data to see them all."] = "shown only when there are more entries than the page holds",
    };

    [Fact]
    public void Every_count_in_a_view_or_message_goes_through_Plural()
    {
        var src = Path.Combine(ArchitectureTests.RepositoryRoot(), "src");
        var problems = new List<string>();
        var files = Directory.EnumerateFiles(src, "*.cshtml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 100, $"Only {files.Count} source files found under {src}.");
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                var code = line.TrimStart();
                if (code.StartsWith("//", StringComparison.Ordinal) || code.StartsWith("@*", StringComparison.Ordinal) || code.StartsWith('*')
                    || line.Contains("Plural(", StringComparison.Ordinal) || line.Contains("== 1", StringComparison.Ordinal) || line.Contains("== \"1\"", StringComparison.Ordinal)
                    || Regex.IsMatch(line, @"\bLog(Trace|Debug|Information|Warning|Error|Critical)\b|Exception\(|\[GeneratedRegex"))
                {
                    continue;
                }

                foreach (Match text in CountedText().Matches(line))
                {
                    var key = text.Groups["key"].Value;
                    if (!NeverOne.ContainsKey(key))
                    {
                        problems.Add($"{Path.GetRelativePath(src, file)}:{i + 1}: \"{key}\"");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, "Counts shown without T.Plural (\"1 items\" in English):\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task A_course_with_one_learner_says_one_learner_in_English()
    {
        _ = site.CreateClient();
        await site.Services.GetRequiredService<RecipeExecutor>().ExecuteAsync(Path.Combine(AppContext.BaseDirectory, "content-recipes", "academy.recipe.json"));
        const string slug = "fundraising-basics";
        using (var learner = await site.SignInAsync("member"))
        {
            var course = await HtmlForms.GetAsync(learner, $"/academy/courses/{slug}");
            using var enrolled = await HtmlForms.SubmitAsync(learner, HtmlForms.FindForm(course, $"/academy/courses/{slug}/enrol"), _ => { });
            Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
        }

        long id;
        using (var scope = site.Services.CreateScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Courses.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync();
        }

        using var staff = await site.SignInAsync("staff");
        var en = WebUtility.HtmlDecode(await HtmlForms.ReadAsync(staff, $"/admin/academy/courses/{id}/delete?culture=en"));
        Assert.Contains("1 learner is enrolled in this course", en, StringComparison.Ordinal);
        Assert.DoesNotContain("learner(s)", en, StringComparison.Ordinal);
        var zh = WebUtility.HtmlDecode(await HtmlForms.ReadAsync(staff, $"/admin/academy/courses/{id}/delete?culture=zh-HK"));
        Assert.Contains("已有 1 位學員報名這課程", zh, StringComparison.Ordinal);
    }
}
