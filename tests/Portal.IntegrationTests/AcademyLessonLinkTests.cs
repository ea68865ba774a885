using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Academy.Data;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>
/// Every link under every lesson of the demo courses opens (no 404), in the language of the reader it is shown to,
/// and a lesson shows its links in that reader's language only. Links written in a lesson's text are followed too,
/// in the language of that text. At least two demo courses have lessons with real depth in both languages.
/// </summary>
public sealed partial class AcademyLessonLinkTests(PortalSite site) : IClassFixture<PortalSite>
{
    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?<url>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [Fact]
    public async Task Every_link_in_every_demo_lesson_opens_in_its_readers_language()
    {
        _ = site.CreateClient();
        var recipes = site.Services.GetRequiredService<RecipeExecutor>();
        foreach (var recipe in new[] { "knowledge.recipe.json", "academy.recipe.json" })
        {
            await recipes.ExecuteAsync(Path.Combine(AppContext.BaseDirectory, "content-recipes", recipe));
        }

        List<(string Title, string Url, string? Culture, string Lesson)> links;
        using (var scope = site.Services.CreateScope())
        {
            var lessons = await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Lessons.AsNoTracking().ToListAsync();
            links = [.. lessons.SelectMany(l => l.ResourceLinks.Select(r => (r.Title, r.Url, r.Culture, l.TitleEn)))];
            foreach (var lesson in lessons)
            {
                foreach (var (body, culture) in new[] { (lesson.BodyZh, "zh-HK"), (lesson.BodyEn, "en") })
                {
                    foreach (Match link in MarkdownLink().Matches(body))
                    {
                        links.Add((link.Groups["text"].Value, link.Groups["url"].Value, culture, lesson.TitleEn));
                        if (culture == "en")
                        {
                            Assert.DoesNotContain(link.Groups["text"].Value, c => c >= 0x4E00 && c <= 0x9FFF);
                        }
                    }
                }
            }

            Assert.Contains(links, l => l.Title.Contains("self-assessment", StringComparison.Ordinal)); // a link from a lesson's text
            Assert.Contains(lessons, l => l.ResourcesFor(english: true).Count > 0 && l.ResourcesFor(english: false).Count > 0);
            Assert.All(lessons, l => Assert.DoesNotContain(l.ResourcesFor(english: true), r => r.Title.Any(c => c >= 0x4E00 && c <= 0x9FFF)));
        }

        Assert.NotEmpty(links);
        using var client = await site.SignInAsync("member");
        var broken = new List<string>();
        foreach (var (title, url, culture, lesson) in links)
        {
            foreach (var reader in culture is null ? new[] { "zh-HK", "en" } : [culture])
            {
                var address = url.StartsWith('/') ? url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "culture=" + reader : url;
                if (!address.StartsWith('/'))
                {
                    continue; // Other websites are not fetched by tests.
                }

                using var response = await client.GetAsync(address);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    broken.Add($"{lesson}: \"{title}\" → {address} answered {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(broken.Count == 0, "Broken lesson links:\n" + string.Join("\n", broken));
    }

    [Fact]
    public async Task At_least_two_demo_courses_have_lessons_with_real_depth_in_both_languages()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "content-recipes", "academy.recipe.json");
        using var recipe = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(file));
        var deep = new List<string>();
        foreach (var course in recipe.RootElement.GetProperty("steps")[0].GetProperty("courses").EnumerateArray())
        {
            var lessons = course.GetProperty("lessons").EnumerateArray().ToList();
            var isDeep = lessons.Count >= 3 && lessons.All(l =>
            {
                var zh = l.GetProperty("bodyZh").GetString()!;
                var en = l.GetProperty("bodyEn").GetString()!;
                // Several hundred words each, with headings, a case and questions to reflect on, and resource links.
                return zh.Count(c => c >= 0x4E00 && c <= 0x9FFF) >= 500
                    && en.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length >= 350
                    && zh.Contains("## 個案", StringComparison.Ordinal) && en.Contains("## Case", StringComparison.Ordinal)
                    && zh.Contains("## 反思問題", StringComparison.Ordinal) && en.Contains("## Questions to reflect on", StringComparison.Ordinal)
                    && l.TryGetProperty("resources", out var resources) && resources.GetString()!.Contains("/kb/articles/", StringComparison.Ordinal);
            });
            if (isDeep)
            {
                deep.Add(course.GetProperty("slug").GetString()!);
            }
        }

        Assert.True(deep.Count >= 2, "Courses with lessons of real depth: " + string.Join(", ", deep));
    }
}
