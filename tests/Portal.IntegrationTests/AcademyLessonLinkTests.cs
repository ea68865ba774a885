using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Academy.Data;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>
/// Every link under every lesson of the demo courses opens (no 404), in the language of the reader it is shown to,
/// and a lesson shows its links in that reader's language only.
/// </summary>
public sealed class AcademyLessonLinkTests(PortalSite site) : IClassFixture<PortalSite>
{
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
}
