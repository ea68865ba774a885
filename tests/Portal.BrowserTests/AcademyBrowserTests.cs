using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Academy.Data;
using Portal.Academy.Recipes;
using Portal.Recipes;

namespace Portal.BrowserTests;

/// <summary>
/// The academy end to end in Chromium: a learner enrols, reads the lessons, fails and then passes the quiz, does
/// both self-assessments, gets and downloads the certificate, and anyone verifies it by its code; axe-clean on
/// every page, in zh-HK and en.
/// </summary>
public sealed class AcademyBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private const string Slug = "running-effective-meetings";
    private static readonly SemaphoreSlim RecipeLock = new(1, 1);

    [Theory]
    [InlineData("zh-HK", "member", "尚未通過", "你已通過", "這張證書有效")]
    [InlineData("en", "leader", "Not passed yet", "You passed", "This certificate is valid.")]
    public async Task Learner_earns_a_certificate_that_anyone_can_verify(string culture, string userName, string failed, string passed, string valid)
    {
        await EnsureCoursesAsync();
        var suffix = culture == "en" ? "?culture=en" : string.Empty;
        var page = await site.NewPageAsync(culture);
        await page.GotoAsync("/account/sign-in" + suffix);
        await page.Locator("#Login").FillAsync(userName);
        await page.Locator("#Password").FillAsync(BrowserSite.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await BrowserSite.WaitUntilSignedInAsync(page);

        // Signing in brings back the account's language; choose the one under test with the language switch.
        await page.GotoAsync($"/preferences?culture={culture}&returnUrl=/academy");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
        await BrowserSite.AssertAccessibleAsync(page);
        await page.Locator($"a[href='/academy/courses/{Slug}']").First.ClickAsync();
        await BrowserSite.AssertAccessibleAsync(page);
        await page.Locator($"form[action='/academy/courses/{Slug}/enrol'] button").ClickAsync();

        // Self-assessment before the course.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/assessment/pre$"));
        await BrowserSite.AssertAccessibleAsync(page);
        await RateAllAsync(page, 2);

        // Lessons, in order, with resume taking the learner to the next one.
        var (lessons, quizId, right, wrong) = await LoadCourseAsync();
        for (var i = 0; i < lessons; i++)
        {
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/lessons/\\d+$"));
            if (i == 0)
            {
                await BrowserSite.AssertAccessibleAsync(page);
            }

            await page.Locator("form[action$='/complete'] button").ClickAsync();
        }

        // The quiz: a failed attempt with feedback per answer, then a pass.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/quizzes/{quizId}$"));
        await BrowserSite.AssertAccessibleAsync(page);
        foreach (var id in wrong)
        {
            await page.Locator($"#o{id}").CheckAsync();
        }

        await page.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#result-heading")).ToHaveTextAsync(failed);
        await BrowserSite.AssertAccessibleAsync(page);
        await page.Locator($"a[href='/academy/courses/{Slug}/quizzes/{quizId}']").ClickAsync();
        foreach (var id in right)
        {
            await page.Locator($"#o{id}").CheckAsync();
        }

        await page.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#result-heading")).ToHaveTextAsync(passed);
        // The outcome is announced: focus moves to it, the page title says it, and no attempts are counted after a pass.
        Assert.Equal("result-heading", await page.EvaluateAsync<string>("document.activeElement && document.activeElement.id"));
        Assert.StartsWith(passed, await page.TitleAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.GetByText(culture == "en" ? "Attempts left" : "尚餘作答次數")).ToHaveCountAsync(0);
        await page.Locator($"main a[href='/academy/courses/{Slug}/continue']").ClickAsync();

        // Self-assessment after the course, then "your change".
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/assessment/post$"));
        await RateAllAsync(page, 4);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/change$"));
        await Assertions.Expect(page.Locator("svg[role=img]")).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(page);

        // The certificate: name as chosen, downloaded from My learning.
        await page.Locator($"main a[href='/academy/courses/{Slug}/certificate']").ClickAsync();
        await BrowserSite.AssertAccessibleAsync(page);
        await page.Locator("#NameZh").FillAsync("陳大文");
        await page.Locator("#NameEn").FillAsync("Chan Tai Man");
        await page.Locator("#choice-Both").CheckAsync();
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/academy/my#certificate-[0-9A-Z]{16}$"));
        await BrowserSite.AssertAccessibleAsync(page);
        var code = Regex.Match(page.Url, "certificate-([0-9A-Z]{16})").Groups[1].Value;

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"a[href='/academy/certificates/{code}.pdf']").First.ClickAsync());
        var file = Path.Combine(site.DataDir, $"{culture}-{code}.pdf");
        await download.SaveAsAsync(file);
        var text = Run("pdftotext", "-enc", "UTF-8", file, "-");
        Assert.Contains("陳大文 Chan Tai Man", text, StringComparison.Ordinal);
        Assert.Contains(Portal.Academy.Models.CertificateCode.Format(code), text, StringComparison.Ordinal);
        Assert.Contains("emb", Run("pdffonts", file), StringComparison.Ordinal);

        // Anyone, signed out, verifies it by its code.
        var anonymous = await site.NewPageAsync(culture);
        await anonymous.GotoAsync("/certificates/verify" + suffix);
        await BrowserSite.AssertAccessibleAsync(anonymous);
        await anonymous.Locator("#code").FillAsync(Portal.Academy.Models.CertificateCode.Format(code));
        await anonymous.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(anonymous.Locator(".academy-verify .verdict")).ToContainTextAsync(valid);
        await Assertions.Expect(anonymous.Locator("main")).ToContainTextAsync("陳大文 Chan Tai Man");
        await BrowserSite.AssertAccessibleAsync(anonymous);

        var missing = await anonymous.GotoAsync("/certificates/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ" + suffix);
        Assert.Equal(404, missing!.Status);
        await BrowserSite.AssertAccessibleAsync(anonymous);

        // Nothing the flow did left a person's e-mail address, a token or a password in the site's log (issue 18).
        site.AssertNoPersonalDataLogged();
    }

    private static async Task RateAllAsync(IPage page, int value)
    {
        foreach (var competency in Enum.GetNames<Portal.Academy.Models.Competency>())
        {
            await page.Locator($"#{competency}-{value}").CheckAsync();
        }

        await page.Locator("main form button[type=submit]").ClickAsync();
    }

    /// <summary>The demo courses, loaded through the academy's own recipe step (the default recipe may not include it).</summary>
    private Task EnsureCoursesAsync() => EnsureCoursesAsync(site);

    /// <summary>Loads the demo courses of academy.recipe.json into the site once.</summary>
    internal static async Task EnsureCoursesAsync(BrowserSite site)
    {
        await RecipeLock.WaitAsync();
        try
        {
            using var scope = site.Services.CreateScope();
            if (await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Courses.AnyAsync(c => c.Slug == Slug))
            {
                return;
            }

            var file = Path.Combine(AppContext.BaseDirectory, "content-recipes", "academy.recipe.json");
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            var step = json.RootElement.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "AcademyCourses");
            var model = step.Deserialize<AcademyCoursesModel>(RecipeExecutionContext.JsonOptions)!;
            var handler = scope.ServiceProvider.GetServices<IRecipeStepHandler>().Single(h => h.StepName == "AcademyCourses");
            await handler.ExecuteAsync(model, new RecipeExecutionContext { RecipeFile = file, BaseDirectory = Path.GetDirectoryName(file)!, StepIndex = 0 }, CancellationToken.None);
        }
        finally
        {
            RecipeLock.Release();
        }
    }

    private async Task<(int Lessons, long QuizId, IReadOnlyList<long> Right, IReadOnlyList<long> Wrong)> LoadCourseAsync()
    {
        using var scope = site.Services.CreateScope();
        var course = await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Courses
            .Include(c => c.Lessons).Include(c => c.Quizzes).ThenInclude(q => q.Questions).ThenInclude(q => q.Options)
            .AsSplitQuery().SingleAsync(c => c.Slug == Slug);
        var quiz = course.Quizzes.Single();
        var right = quiz.Questions.SelectMany(q => q.Options.Where(o => o.IsCorrect).Select(o => o.Id)).ToList();
        var wrong = quiz.Questions.Select(q => q.Options.First(o => !o.IsCorrect).Id).ToList();
        return (course.Lessons.Count(l => l.Required), quiz.Id, right, wrong);
    }

    private static string Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
