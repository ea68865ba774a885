using System.Net;
using System.Net.Http.Headers;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>
/// Anonymous pages come from the page cache (issue 16): one copy per language and display setting, never for or
/// from a signed-in person, dropped at once when staff publish (and on another node through the cluster signal);
/// compression only where no secret is in the page.
/// </summary>
public sealed class PageCacheTests(PortalSite site) : IClassFixture<PortalSite>
{
    private static bool FromCache(HttpResponseMessage response) => response.Headers.Age is not null;

    /// <summary>Whether the page is kept once asked for: asked again up to three times, as a write by any module with
    /// cached pages (this site's background tasks included) empties the cache and may land between two requests.</summary>
    private static async Task<bool> KeptAsync(HttpClient client, string url)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await client.GetAsync(url);
            if (FromCache(await client.GetAsync(url)))
            {
                return true;
            }
        }

        return false;
    }

    private static string HtmlTag(string html)
    {
        var start = html.IndexOf("<html", StringComparison.Ordinal);
        return html[start..html.IndexOf('>', start)];
    }

    [Fact]
    public async Task Anonymous_pages_are_kept_once_per_language_and_display_setting()
    {
        using var visitor = site.CreateBrowser();
        using var first = await visitor.GetAsync("/news?probe=variants");
        var chinese = await first.Content.ReadAsStringAsync();
        using var second = await visitor.GetAsync("/news?probe=variants");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(FromCache(first));
        Assert.True(FromCache(second));
        Assert.Equal(chinese, await second.Content.ReadAsStringAsync());
        Assert.Contains("lang=\"zh-HK\"", HtmlTag(chinese), StringComparison.Ordinal);
        Assert.False(second.Headers.Contains("Set-Cookie"));

        // English (the header's language link saves a cookie): the English copy, and the Chinese one stays Chinese.
        using var english = site.CreateBrowser();
        await english.GetAsync("/preferences?culture=en&returnUrl=/news");
        await english.GetAsync("/news?probe=variants");
        var englishHtml = await english.GetStringAsync("/news?probe=variants");
        Assert.Contains("lang=\"en\"", HtmlTag(englishHtml), StringComparison.Ordinal);
        Assert.Contains("lang=\"zh-HK\"", HtmlTag(await visitor.GetStringAsync("/news?probe=variants")), StringComparison.Ordinal);

        // Large text and high contrast: their own copies; the plain copy is untouched.
        using var display = site.CreateBrowser();
        await display.GetAsync("/preferences?textSize=2&returnUrl=/news");
        await display.GetAsync("/preferences?highContrast=true&returnUrl=/news");
        await display.GetAsync("/news?probe=variants");
        var large = await display.GetStringAsync("/news?probe=variants");
        Assert.Contains("text-size-2", HtmlTag(large), StringComparison.Ordinal);
        Assert.Contains("contrast-high", HtmlTag(large), StringComparison.Ordinal);
        var plain = HtmlTag(await visitor.GetStringAsync("/news?probe=variants"));
        Assert.DoesNotContain("contrast-high", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("text-size-2", plain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_person_neither_gets_nor_leaves_a_cached_page()
    {
        using var visitor = site.CreateBrowser();
        Assert.True(await KeptAsync(visitor, "/academy?probe=signed-in"));

        using var member = await site.SignInAsync("member");
        using var own = await member.GetAsync("/academy?probe=signed-in");
        var html = await own.Content.ReadAsStringAsync();
        Assert.False(FromCache(own));
        Assert.Contains("/account/sign-out", html, StringComparison.Ordinal);
        Assert.True(own.Headers.CacheControl?.NoStore);
        using var again = await member.GetAsync("/academy?probe=signed-in");
        Assert.False(FromCache(again));

        // What the member saw was not kept for the next visitor.
        var anonymous = await visitor.GetStringAsync("/academy?probe=signed-in");
        Assert.DoesNotContain("/account/sign-out", anonymous, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_with_a_form_token_are_never_kept_or_compressed()
    {
        using var visitor = site.CreateBrowser();
        visitor.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        await visitor.GetAsync("/account/sign-in");
        using var signIn = await visitor.GetAsync("/account/sign-in");
        Assert.False(FromCache(signIn));
        Assert.Empty(signIn.Content.Headers.ContentEncoding);

        // A public page without a token is compressed, and kept compressed.
        await visitor.GetAsync("/kb?probe=compression");
        using var kb = await visitor.GetAsync("/kb?probe=compression");
        Assert.True(FromCache(kb));
        Assert.Equal("br", Assert.Single(kb.Content.Headers.ContentEncoding));

        // Signed in: every page carries the sign-out form's token, so nothing is compressed.
        using var member = await site.SignInAsync("member");
        member.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var own = await member.GetAsync("/kb?probe=compression");
        Assert.Empty(own.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task A_visitor_with_a_message_waiting_gets_the_page_rendered_for_them()
    {
        using var visitor = site.CreateBrowser();
        Assert.True(await KeptAsync(visitor, "/kb?probe=tempdata"));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/kb?probe=tempdata");
        request.Headers.Add("Cookie", ".AspNetCore.Mvc.CookieTempDataProvider=unreadable");
        using var withMessage = await visitor.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, withMessage.StatusCode);
        Assert.False(FromCache(withMessage));
    }

    [Fact]
    public async Task A_missing_page_is_not_kept()
    {
        using var visitor = site.CreateBrowser();
        await visitor.GetAsync("/news/no-such-item");
        using var missing = await visitor.GetAsync("/news/no-such-item");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.False(FromCache(missing));
    }
}

/// <summary>Two nodes on one database: staff publish on one, both show it (this one at once).</summary>
public sealed class PageCacheAcrossNodesTests
{
    [Fact]
    public async Task A_news_item_published_on_one_node_shows_at_once_there_and_within_seconds_on_the_other()
    {
        using var nodeA = new PortalSite();
        using var visitorA = nodeA.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await visitorA.GetAsync("/health")).StatusCode);
        using var nodeB = new SameDatabaseNode(nodeA);
        using var visitorB = nodeB.CreateBrowser();

        // Both nodes have the list and the home page cached.
        foreach (var visitor in new[] { visitorA, visitorB })
        {
            foreach (var url in new[] { "/news", "/" })
            {
                await visitor.GetAsync(url);
                Assert.NotNull((await visitor.GetAsync(url)).Headers.Age);
            }
        }

        // The item is looked for by its link: its title may not appear verbatim in the HTML, as a run of Latin letters
        // in Chinese text is marked up as English (a title ending "…430bda" shows as "430<span lang="en">bda</span>").
        var slug = "cache-test-" + Guid.NewGuid().ToString("N")[..6];
        var link = $"href=\"/news/{slug}\"";
        using var staff = await nodeA.SignInAsync("staff");
        var page = await HtmlForms.GetAsync(staff, "/admin/news/new");
        var form = HtmlForms.FindForm(page, "/admin/news");
        using var published = await HtmlForms.SubmitAsync(staff, form, fields =>
        {
            fields["Form.Slug"] = slug;
            fields["Form.TitleZh"] = "快取測試消息 " + slug;
            fields["Form.SummaryZh"] = "摘要";
            fields["Form.BodyZh"] = "內容";
        }, "command", "publish");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.StartsWith("/admin/news/", published.Headers.Location?.OriginalString, StringComparison.Ordinal);

        // This node: at once, on the list and the home page.
        Assert.Contains(link, await visitorA.GetStringAsync("/news"), StringComparison.Ordinal);
        Assert.Contains(link, await visitorA.GetStringAsync("/"), StringComparison.Ordinal);

        // The other node: once the cluster signal arrives (SQLite: read twice a second).
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!(await visitorB.GetStringAsync("/news")).Contains(link, StringComparison.Ordinal))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "node B still shows the old news list after 10 s");
            await Task.Delay(200);
        }

        Assert.Contains(link, await visitorB.GetStringAsync("/"), StringComparison.Ordinal);
    }
}
