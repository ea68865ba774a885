using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Hosting.Recipes;

namespace Portal.BrowserTests;

/// <summary>
/// Language of parts (WCAG 3.1.2, issue 18) beyond search hits, in both languages: stored text whose language is known
/// carries that language when it is shown on the other language's site, and the page's own labels keep the page's.
/// A lesson whose English text is missing shows the Chinese text marked zh-HK; a lesson's link to a knowledge article
/// that exists only in the other language opens it with its title, summary and body marked with the article's
/// language; the in-app notification the enrolment sends is stored in the account's language and is marked with it
/// on /notifications when the page is in the other one.
/// </summary>
public sealed class LanguageOfPartsBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private const string Course = "lang-parts";
    private static readonly SemaphoreSlim RecipeLock = new(1, 1);

    [Theory]
    [InlineData("zh-HK", "mentor", "en", "An English-only guide to carers' rights")]
    [InlineData("en", "member", "zh-HK", "只有中文版的照顧者指南")]
    public async Task Lesson_links_articles_and_notifications_carry_the_language_they_are_stored_in(string culture, string user, string other, string articleTitle)
    {
        await EnsureContentAsync();
        var page = await site.NewPageAsync(culture);
        await page.GotoAsync("/account/sign-in" + (culture == "en" ? "?culture=en" : string.Empty));
        await page.Locator("#Login").FillAsync(user);
        await page.Locator("#Password").FillAsync(BrowserSite.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await BrowserSite.WaitUntilSignedInAsync(page);

        // The account's language is the other one; the page is read in this one (chosen with the language switch).
        await page.GotoAsync($"/preferences?culture={culture}&returnUrl=/academy/courses/{Course}");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
        await page.Locator($"form[action='/academy/courses/{Course}/enrol'] button").ClickAsync();
        await page.GotoAsync($"/academy/courses/{Course}");
        await page.Locator($"main a[href^='/academy/courses/{Course}/lessons/']").First.ClickAsync();

        // The lesson: its title exists in both languages (no lang); its text has no English version, so the English
        // site shows the Chinese one, marked zh-HK; on the Chinese site it is the page's language (no lang).
        var heading = page.Locator("main h1");
        await Assertions.Expect(heading).ToHaveCountAsync(1);
        Assert.Null(await heading.GetAttributeAsync("lang"));
        var prose = page.Locator("main .prose");
        Assert.Equal(culture == "en" ? "zh-HK" : null, await prose.GetAttributeAsync("lang"));
        Assert.Equal(culture == "en" ? "zh-HK" : culture, await prose.Locator("p").First.EvaluateAsync<string>("e => e.closest('[lang]').getAttribute('lang')"));
        await BrowserSite.AssertAccessibleAsync(page);
        await Screenshots.TakeAsync(page, "lang-parts-lesson", culture);

        // The lesson's link for this reader (written in the reader's language) leads to an article that exists only in
        // the other language: its words carry the article's language, the page's labels keep the page's.
        var link = page.Locator("main li a[href^='/kb/articles/lang-parts-']");
        await Assertions.Expect(link).ToHaveCountAsync(1);
        Assert.Equal(culture, await link.EvaluateAsync<string>("e => e.closest('[lang]').getAttribute('lang')"));
        await link.ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(articleTitle);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
        Assert.Equal(other, await page.Locator("main h1").GetAttributeAsync("lang"));
        Assert.Equal(other, await page.Locator("main .kb-summary").GetAttributeAsync("lang"));
        Assert.Equal(other, await page.Locator("main .kb-body").GetAttributeAsync("lang"));
        Assert.Null(await page.Locator("main article").GetAttributeAsync("lang"));
        Assert.Equal(culture, await page.Locator("main .kb-meta").EvaluateAsync<string>("e => e.closest('[lang]').getAttribute('lang')"));
        Assert.Equal(culture, await page.Locator("main .kb-breadcrumb").EvaluateAsync<string>("e => e.closest('[lang]').getAttribute('lang')"));
        await BrowserSite.AssertAccessibleAsync(page);
        await Screenshots.TakeAsync(page, "lang-parts-article", culture);

        // The enrolment's notification was written in the account's language: on this site it carries that language,
        // in the list and in the buttons' hidden names; the list's own words (date, buttons) keep the page's.
        await page.GotoAsync("/notifications");
        var item = page.Locator(".notification-list li").First;
        var title = item.Locator("p").First.Locator("span[lang]").Last;
        Assert.Equal(other, await title.GetAttributeAsync("lang"));
        await Assertions.Expect(title).ToContainTextAsync(other == "en" ? "You are enrolled" : "已報讀");
        Assert.Equal(culture, await item.Locator("time").EvaluateAsync<string>("e => e.closest('[lang]').getAttribute('lang')"));
        var button = item.Locator("button[name=open]");
        Assert.Equal(culture, await button.EvaluateAsync<string>("e => e.closest('[lang]').getAttribute('lang')"));
        Assert.Equal(other, await button.Locator(".visually-hidden span").GetAttributeAsync("lang"));
        await BrowserSite.AssertAccessibleAsync(page);
        await Screenshots.TakeAsync(page, "lang-parts-notifications", culture);
    }

    /// <summary>Two knowledge articles, each in one language only, and a course whose one lesson has Chinese text only
    /// and links each reader to the article in the other language (once per site).</summary>
    private async Task EnsureContentAsync()
    {
        await RecipeLock.WaitAsync();
        try
        {
            var file = Path.Combine(site.DataDir, "lang-parts.recipe.json");
            var done = file + ".done";
            if (File.Exists(done))
            {
                return;
            }

            var recipe = new
            {
                name = "lang-parts",
                displayName = "Language of parts",
                description = "Articles in one language only and a lesson that links to them.",
                steps = new object[]
                {
                    new
                    {
                        name = "KnowledgeArticles",
                        articles = new object[]
                        {
                            Article("lang-parts-en-only", "en", "An English-only guide to carers' rights", "What carers may ask for, in English only.", "## Your rights\n\nCarers may ask the hospital for a care plan meeting."),
                            Article("lang-parts-zh-only", "zh-HK", "只有中文版的照顧者指南", "照顧者可以要求的支援，只有中文版。", "## 你的權利\n\n照顧者可以要求醫院安排照顧計劃會議。"),
                        },
                    },
                    new
                    {
                        name = "AcademyCourses",
                        courses = new object[]
                        {
                            new
                            {
                                slug = Course,
                                titleZh = "照顧者的權利",
                                titleEn = "Carers' rights",
                                summaryZh = "認識照顧者可以要求的支援。",
                                summaryEn = "What support carers may ask for.",
                                hours = 1,
                                language = "both",
                                lessons = new object[]
                                {
                                    new
                                    {
                                        titleZh = "照顧計劃會議",
                                        titleEn = "Care plan meetings",
                                        bodyZh = "照顧者可以要求醫院安排照顧計劃會議，一起商量出院後的安排。",
                                        bodyEn = "",
                                        required = true,
                                        resources = "zh-HK: 英文指南：照顧者的權利 | /kb/articles/lang-parts-en-only\nen: A guide in Chinese: carers' rights | /kb/articles/lang-parts-zh-only",
                                    },
                                },
                            },
                        },
                    },
                },
            };
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(recipe));
            using var scope = site.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExecuteAsync(file);
            await File.WriteAllTextAsync(done, "ok");
        }
        finally
        {
            RecipeLock.Release();
        }
    }

    private static object Article(string slug, string culture, string title, string summary, string body) => new
    {
        slug,
        culture,
        translationKey = slug,
        title,
        summary,
        body,
        category = "leadership",
        tags = Array.Empty<string>(),
        conditions = Array.Empty<string>(),
        audiences = new[] { "carers" },
        visibility = "public",
        status = "published",
        published = "2026-11-01",
    };
}
