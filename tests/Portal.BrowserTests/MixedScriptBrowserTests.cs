using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Hosting.Identity;
using Portal.Hosting.Recipes;
using Portal.Notifications;

namespace Portal.BrowserTests;

/// <summary>
/// Language of parts inside one text (WCAG 3.1.2, issue 18), in both languages: a run of the other script in stored
/// text whose language is known carries the other language, relative to the text's own. A Chinese name in an English
/// notification is zh-HK on the English site (the title has the page's language) and on the Chinese site (inside the
/// title's lang="en"); an English phrase in a Chinese article title is en on both sites.
/// </summary>
public sealed class MixedScriptBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private const string Name = "周家明";
    private const string ArticleSlug = "mixed-peer-support";
    private static readonly SemaphoreSlim RecipeLock = new(1, 1);

    [Theory]
    [InlineData("en", 41)]
    [InlineData("zh-HK", 42)]
    public async Task A_Chinese_name_in_an_English_notification_is_marked_zh_HK(string culture, int days)
    {
        // The mentor's account is in English: the reminder is written (and stored) in English, with the partner's
        // Chinese name in it.
        using (var scope = site.Services.CreateScope())
        {
            var mentor = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByNameAsync("mentor");
            Assert.NotNull(mentor);
            await scope.ServiceProvider.GetRequiredService<INotificationPublisher>().PublishAsync(new NotificationRequest(
                "mentoring.stall-reminder",
                mentor.Id,
                new Dictionary<string, string> { ["days"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture), ["other"] = Name },
                $"mixed-script-{culture}-{Guid.NewGuid():N}") { Url = "/mentoring" });
        }

        var page = await site.NewPageAsync(culture);
        await page.GotoAsync("/account/sign-in" + (culture == "en" ? "?culture=en" : string.Empty));
        await page.Locator("#Login").FillAsync("mentor");
        await page.Locator("#Password").FillAsync(BrowserSite.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await BrowserSite.WaitUntilSignedInAsync(page);
        await page.GotoAsync($"/preferences?culture={culture}&returnUrl=/notifications");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);

        var item = page.Locator(".notification-list li").Filter(new() { HasText = $"No news for {days} days" });
        await Assertions.Expect(item).ToHaveCountAsync(1);
        var title = item.Locator("p").First.Locator("span", new() { HasText = "No news for" });
        // The title is English: on the English site it is the page's language, on the Chinese site it says so itself.
        Assert.Equal("en", await title.EvaluateAsync<string>("e => e.closest('[lang]').getAttribute('lang')"));
        Assert.Equal(culture == "en" ? null : "en", await title.GetAttributeAsync("lang"));
        // The name inside it is Chinese, whatever the page's language; the words around it are not.
        var name = title.Locator("span[lang='zh-HK']");
        await Assertions.Expect(name).ToHaveTextAsync(Name);
        Assert.Equal($"No news for {days} days: ", await title.EvaluateAsync<string>("e => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('')"));
        // The buttons' hidden names carry the same marks.
        await Assertions.Expect(item.Locator("button[name=open] .visually-hidden span[lang='zh-HK']")).ToHaveTextAsync(Name);
        await BrowserSite.AssertAccessibleAsync(page);
        await Screenshots.TakeAsync(page, "mixed-script-notifications", culture);
    }

    [Theory]
    [InlineData("zh-HK")]
    [InlineData("en")]
    public async Task An_English_phrase_in_a_Chinese_title_is_marked_en(string culture)
    {
        await EnsureArticleAsync();
        var page = await site.NewPageAsync(culture);
        await page.GotoAsync($"/preferences?culture={culture}&returnUrl=/kb/articles/{ArticleSlug}");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);

        var heading = page.Locator("main h1");
        await Assertions.Expect(heading).ToHaveTextAsync("同路人支援 Peer support 小組");
        // The title is Chinese (the page's language on the Chinese site, its own lang on the English one) ...
        Assert.Equal(culture == "zh-HK" ? null : "zh-HK", await heading.GetAttributeAsync("lang"));
        Assert.Equal("zh-HK", await heading.EvaluateAsync<string>("e => e.closest('[lang]').getAttribute('lang')"));
        // ... and its English phrase is English on both sites; so is the one in the summary.
        await Assertions.Expect(heading.Locator("span[lang='en']")).ToHaveTextAsync("Peer support");
        await Assertions.Expect(page.Locator("main .kb-summary span[lang='en']")).ToHaveTextAsync("WhatsApp");
        // A heading inside the body (Markdown) is marked the same way.
        await Assertions.Expect(page.Locator("main h2 span[lang='en']")).ToHaveTextAsync("Getting started");
        await BrowserSite.AssertAccessibleAsync(page);
        await Screenshots.TakeAsync(page, "mixed-script-article", culture);

        if (culture != "zh-HK")
        {
            return; // the English site's topic lists show the English articles
        }

        // The topic's list on the Chinese site shows the title with the same marks.
        await page.Locator("main .kb-breadcrumb a").Last.ClickAsync();
        var link = page.Locator($"main .kb-article-list a[href='/kb/articles/{ArticleSlug}']");
        await Assertions.Expect(link).ToHaveCountAsync(1);
        Assert.Equal("zh-HK", await link.EvaluateAsync<string>("e => e.closest('[lang]').getAttribute('lang')"));
        await Assertions.Expect(link.Locator("span[lang='en']")).ToHaveTextAsync("Peer support");
        await BrowserSite.AssertAccessibleAsync(page);
    }

    /// <summary>A Chinese knowledge article whose title and summary have English words in them (once per site).</summary>
    private async Task EnsureArticleAsync()
    {
        await RecipeLock.WaitAsync();
        try
        {
            var file = Path.Combine(site.DataDir, "mixed-script.recipe.json");
            var done = file + ".done";
            if (File.Exists(done))
            {
                return;
            }

            var recipe = new
            {
                name = "mixed-script",
                displayName = "Mixed scripts",
                description = "A Chinese article with an English phrase in its title.",
                steps = new object[]
                {
                    new
                    {
                        name = "KnowledgeArticles",
                        articles = new object[]
                        {
                            new
                            {
                                slug = ArticleSlug,
                                culture = "zh-HK",
                                translationKey = ArticleSlug,
                                title = "同路人支援 Peer support 小組",
                                summary = "組員用 WhatsApp 互相打氣。",
                                body = "## 點樣開始 Getting started\n\n先約三五個組員，每月見一次面。",
                                category = "leadership",
                                tags = Array.Empty<string>(),
                                conditions = Array.Empty<string>(),
                                audiences = new[] { "carers" },
                                visibility = "public",
                                status = "published",
                                published = "2026-11-01",
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
}
