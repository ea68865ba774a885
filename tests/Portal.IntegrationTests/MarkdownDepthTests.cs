using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Content.Data;
using Portal.Forum.Data;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;
using Portal.Search;

namespace Portal.IntegrationTests;

/// <summary>
/// Markdown nested deeper than Markdig 1.6 allows (64 levels of lists, 128 of <c>&gt;</c> quotes, or 50,000 <c>&gt;</c>)
/// with the real renderer:
/// a forum reply or a content page that would hold it is refused when saving, with a clear message in the user's
/// language and their text kept (never a 500); a body of that kind stored before the check still shows as a page
/// (200, its text as plain text), and the search index takes it and goes on to later changes.
/// </summary>
public sealed partial class MarkdownDepthTests(ForumSite site) : IClassFixture<ForumSite>, IAsyncLifetime
{
    private const string PostRefusedZh = "你的帖子無法照原樣顯示：引用或清單一層套一層太多。請減少層數，然後再發佈。";
    private const string TextRefusedZh = "這段文字無法照原樣顯示：引用或清單一層套一層太多。請減少層數。";

    private static readonly string Nested64 = string.Concat(Enumerable.Range(0, 64).Select(i => new string(' ', i * 2) + "- item\n"));
    private static readonly string Quotes128 = string.Concat(Enumerable.Repeat("> ", 128));
    private static readonly string Flat50k = new('>', 50_000);

    public async Task InitializeAsync()
    {
        _ = site.CreateClient();
        using var scope = site.Services.CreateScope();
        if (!await scope.ServiceProvider.GetRequiredService<ForumDbContext>().Communities.AnyAsync())
        {
            await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExecuteAsync(Path.Combine(AppContext.BaseDirectory, "content-recipes", "forum.recipe.json"));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_forum_reply_nested_too_deeply_is_refused_with_a_message_and_a_stored_one_still_shows_and_is_indexed()
    {
        var marker = "Kingfisher" + Guid.NewGuid().ToString("N")[..8];
        using var leader = await site.SignInAsync("leader");
        var topicId = await StartThreadAsync(leader, "Deep quotes " + marker, "An ordinary opening post.");

        // Refused: 64 levels by the renderer check, 50,000 '>' by the length rule before it; the text stays in the form.
        var thread = await HtmlForms.GetAsync(leader, $"/community/threads/{topicId}");
        using var refused = await HtmlForms.SubmitAsync(leader, HtmlForms.FindForm(thread, "/reply"), f => f["Reply.Text"] = Nested64 + marker);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.OK, $"{(int)refused.StatusCode}: {site.Errors.Recent()}");
        Assert.Contains(PostRefusedZh, body, StringComparison.Ordinal);
        Assert.Contains(marker, body, StringComparison.Ordinal);

        thread = await HtmlForms.GetAsync(leader, $"/community/threads/{topicId}");
        using var tooLong = await HtmlForms.SubmitAsync(leader, HtmlForms.FindForm(thread, "/reply"), f => f["Reply.Text"] = Flat50k + " " + marker);
        Assert.True(tooLong.StatusCode == HttpStatusCode.OK, $"{(int)tooLong.StatusCode}: {site.Errors.Recent()}");
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
            Assert.Equal(1, await db.Posts.CountAsync(p => p.TopicId == topicId));
        }

        // A body of that kind stored before the check (or by any other way in): the thread is still a page with the
        // text on it, and the index takes it rather than retrying it for ever.
        long openingId;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
            openingId = await db.Posts.Where(p => p.TopicId == topicId).Select(p => p.Id).SingleAsync();
            await db.Posts.Where(p => p.Id == openingId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Markdown, Quotes128 + "stored " + marker));
            await scope.ServiceProvider.GetRequiredService<IIndexingQueue>().EnqueueAsync([new IndexChange("forum-post", openingId.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }

        using var page = await leader.GetAsync($"/community/threads/{topicId}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"{(int)page.StatusCode}: {site.Errors.Recent()}");
        Assert.Contains("stored " + marker, html, StringComparison.Ordinal);
        Assert.Contains("&gt; &gt; &gt;", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/community/posts/{openingId}/history")).StatusCode);

        // The stored post reaches search, and so does a later reply (the worker did not stop at it).
        await WaitUntilFoundAsync(leader, marker);
        var later = "Heron" + Guid.NewGuid().ToString("N")[..8];
        thread = await HtmlForms.GetAsync(leader, $"/community/threads/{topicId}");
        using var replied = await HtmlForms.SubmitAsync(leader, HtmlForms.FindForm(thread, "/reply"), f => f["Reply.Text"] = "> one quote is fine " + later);
        Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);
        await WaitUntilFoundAsync(leader, later);
        Assert.Empty(site.Errors.Recent());
    }

    [Theory]
    [InlineData("list", 64)]
    [InlineData("quote", 128)]
    [InlineData("quote", 50_000)]
    public async Task A_content_page_nested_too_deeply_is_refused_with_a_message_and_a_stored_one_still_shows(string kind, int depth)
    {
        var marker = "Egret" + Guid.NewGuid().ToString("N")[..8];
        var deep = kind == "list" ? string.Concat(Enumerable.Range(0, depth).Select(i => new string(' ', i * 2) + "- item\n"))
            : depth == 128 ? Quotes128 : new string('>', depth) + " ";
        var slug = "deep-" + Guid.NewGuid().ToString("N")[..8];
        using var staff = await site.SignInAsync("staff");

        var editor = await HtmlForms.GetAsync(staff, "/admin/pages/new");
        using var refused = await HtmlForms.SubmitAsync(staff, HtmlForms.FindForm(editor, "/admin/pages"), f =>
        {
            f["Form.Slug"] = slug;
            f["Form.TitleZh"] = "深層引用";
            f["Form.BodyZh"] = deep + marker;
        }, "command", "publish");
        var body = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.OK, $"{(int)refused.StatusCode}: {site.Errors.Recent()}");
        Assert.Contains(TextRefusedZh, body, StringComparison.Ordinal);
        Assert.Contains(marker, body, StringComparison.Ordinal);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<ContentDbContext>().Pages.AnyAsync(p => p.Slug == slug));
        }

        // Saved as an ordinary page, then given the deep body behind the editor's back (as before the check).
        editor = await HtmlForms.GetAsync(staff, "/admin/pages/new");
        using var published = await HtmlForms.SubmitAsync(staff, HtmlForms.FindForm(editor, "/admin/pages"), f =>
        {
            f["Form.Slug"] = slug;
            f["Form.TitleZh"] = "深層引用";
            f["Form.BodyZh"] = "普通內容";
        }, "command", "publish");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContentDbContext>();
            Assert.Equal(1, await db.Pages.Where(p => p.Slug == slug).ExecuteUpdateAsync(s => s.SetProperty(p => p.BodyZh, deep + "stored " + marker)));
        }

        using var visitor = site.CreateBrowser();
        using var page = await visitor.GetAsync($"/pages/{slug}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"{(int)page.StatusCode}: {site.Errors.Recent()}");
        Assert.Contains("stored " + marker, html, StringComparison.Ordinal);
        Assert.Contains(kind == "list" ? "- item" : "&gt;", html, StringComparison.Ordinal);
    }

    private static async Task<long> StartThreadAsync(HttpClient leader, string title, string text)
    {
        var form = await HtmlForms.GetAsync(leader, "/community/carers/new");
        using var created = await HtmlForms.SubmitAsync(leader, HtmlForms.FindForm(form, "/community/carers/new"), f =>
        {
            f["Form.Title"] = title;
            f["Form.Text"] = text;
            f["Form.Visibility"] = "Community";
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return long.Parse(ThreadLink().Match(created.Headers.Location!.ToString()).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitUntilFoundAsync(HttpClient client, string word)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var result = JsonDocument.Parse(await client.GetStringAsync("/api/search?q=" + word)).RootElement;
            if (result.GetProperty("total").GetInt32() > 0)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"'{word}' was not found by search within 60 s.");
    }

    [GeneratedRegex("/community/threads/(\\d+)")]
    private static partial Regex ThreadLink();
}
