using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Academy.Data;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>
/// Issue 15: "a lesson's title shows twice" (the page's heading, then the same words again as the first heading of
/// the lesson's text). Every demo lesson, opened by an enrolled learner in zh-HK and in English, shows its title once
/// in the page's main content: one heading with the title, and the title's words nowhere else.
/// </summary>
public sealed class AcademyLessonTitleTests(PortalSite site) : IClassFixture<PortalSite>
{
    [Fact]
    public async Task Every_demo_lesson_shows_its_title_once_in_both_languages()
    {
        _ = site.CreateClient();
        var recipes = site.Services.GetRequiredService<RecipeExecutor>();
        foreach (var recipe in new[] { "knowledge.recipe.json", "academy.recipe.json" })
        {
            await recipes.ExecuteAsync(Path.Combine(AppContext.BaseDirectory, "content-recipes", recipe));
        }

        List<(string Slug, long Id, string TitleZh, string TitleEn)> lessons;
        using (var scope = site.Services.CreateScope())
        {
            var courses = await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Courses.AsNoTracking().Include(c => c.Lessons).ToListAsync();
            lessons = [.. courses.SelectMany(c => c.Lessons.Select(l => (c.Slug, l.Id, l.Title(english: false), l.Title(english: true))))];
        }

        Assert.True(lessons.Count >= 10, $"Only {lessons.Count} demo lessons were found.");
        using var client = await site.SignInAsync("member");
        var problems = new List<string>();
        foreach (var slug in lessons.Select(l => l.Slug).Distinct())
        {
            var course = await HtmlForms.GetAsync(client, $"/academy/courses/{slug}");
            using var enrolled = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(course, $"/academy/courses/{slug}/enrol"), _ => { });
            Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
        }

        foreach (var (slug, id, titleZh, titleEn) in lessons)
        {
            foreach (var (culture, title) in new[] { ("zh-HK", titleZh), ("en", titleEn) })
            {
                var page = await HtmlForms.GetAsync(client, $"/academy/courses/{slug}/lessons/{id}?culture={culture}");
                Assert.Equal(culture, page.DocumentElement.GetAttribute("lang"));
                var main = page.QuerySelector("main") ?? throw new InvalidOperationException($"No main on lesson {id}.");
                var headings = main.QuerySelectorAll("h1, h2, h3, h4, h5, h6").Count(h => Normalise(h.TextContent) == title);
                var mentions = Occurrences(Normalise(main.TextContent), title);
                if (headings != 1 || mentions != 1)
                {
                    problems.Add($"{slug}/{id} ({culture}) \"{title}\": {headings} heading(s) with the title, the title {mentions} time(s) in the main content");
                }
            }
        }

        Assert.True(problems.Count == 0, "Lessons whose title does not show exactly once:\n" + string.Join("\n", problems));
    }

    private static string Normalise(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
