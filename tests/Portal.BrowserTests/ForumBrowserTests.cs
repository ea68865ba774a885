using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>
/// The peer forum in Chromium, in zh-HK and en, axe-clean on every page: a new member joins a community and posts
/// (held as a first post, with a script-injection attempt that must not run), a moderator lets it through, another
/// member replies, reacts and flags it, the moderator sees the flag; ratings with their charts and table; members like
/// me with a contact request.
/// </summary>
public sealed class ForumBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private const string Xss = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 1\"> [click me](javascript:window.__xss=1) <svg onload=\"window.__xss=1\"></svg>";

    [Theory]
    [InlineData("zh-HK", "partner", "forum11", "罕見病互助社群", "等候管理員審閱", "擁抱", "你已報告這個帖子", "匿名會員")]
    [InlineData("en", "mentor", "forum7", "Rare diseases", "Waiting for a moderator", "Hug", "You reported this post", "Anonymous member")]
    public async Task Join_post_moderate_reply_react_and_flag(string culture, string newcomer, string peer, string community, string held, string hug, string reported, string anonymous)
    {
        var title = (culture == "en" ? "Finding a specialist " : "尋找專科醫生 ") + Guid.NewGuid().ToString("N")[..6];

        // A new member joins from the community list, after reading the guidelines.
        var page = await SignInAsync(newcomer, culture);
        await page.GotoAsync("/community");
        await BrowserSite.AssertAccessibleAsync(page);
        await Screenshots.TakeAsync(page, "forum-communities", culture, widths: Screenshots.PhoneAndDesktop);
        await page.Locator("main .forum-communities h3 a", new() { HasTextString = community }).ClickAsync();
        await Assertions.Expect(page.Locator(".forum-guidelines")).ToHaveAttributeAsync("open", "open");
        await BrowserSite.AssertAccessibleAsync(page);
        await page.Locator("#displayName").FillAsync((culture == "en" ? "Quiet Fern " : "靜靜 ") + culture);
        await page.Locator("#agree").CheckAsync();
        await page.Locator("form.forum-join button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("main .forum-actions a").First).ToBeVisibleAsync();

        // A first post, with an attempt to run script: held for a moderator, shown only to its author, and inert.
        await page.Locator("main .forum-actions a").First.ClickAsync();
        await BrowserSite.AssertAccessibleAsync(page);
        await page.Locator("#title").FillAsync(title);
        await page.Locator("#text").FillAsync("My son needs a specialist. " + Xss);
        await page.Locator("#anonymous").CheckAsync();
        await page.Locator("main form.forum-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/community/threads/\\d+"));
        var threadUrl = new Uri(page.Url).PathAndQuery;
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(held);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__xss"));
        Assert.Equal(0, await page.Locator("main .forum-text script, main .forum-text [onerror], main .forum-text [onload], main .forum-text a[href^='javascript']").CountAsync());
        await BrowserSite.AssertAccessibleAsync(page);

        // The moderator sees it in the queue with its author (anonymous to members) and lets it through.
        var staff = await SignInAsync("staff", culture);
        await staff.GotoAsync("/community/moderation");
        // The queue holds health information: the moderator says why first (audit trail, issue 18).
        await BrowserSite.AssertAccessibleAsync(staff);
        await staff.Locator("#reason").FillAsync(culture == "en" ? "Daily review of held posts" : "每日審閱待批帖子");
        await staff.Locator("form[action='/privacy/reason'] button[type=submit]").ClickAsync();
        var item = staff.Locator("main .forum-queue > li", new() { HasTextString = title });
        await Assertions.Expect(item).ToContainTextAsync(culture == "en" ? "Quiet Fern" : "靜靜");
        await BrowserSite.AssertAccessibleAsync(staff);
        await item.Locator("form[action$='/approve'] button").ClickAsync();
        await Assertions.Expect(staff.Locator("main .forum-queue > li", new() { HasTextString = title })).ToHaveCountAsync(0);

        // Another member of the community reads it (anonymous), replies, gives a hug and reports the post.
        var other = await SignInAsync(peer, culture);
        await other.GotoAsync(threadUrl);
        await Assertions.Expect(other.Locator("main .forum-post.opening .forum-author")).ToHaveTextAsync(anonymous);
        Assert.Null(await other.EvaluateAsync<int?>("() => window.__xss"));
        await other.Locator("#reply-text").FillAsync(culture == "en" ? "The patient group keeps a list of specialists. Ask them!" : "病人組織有專科醫生名單，可以問問他們。");
        await other.Locator("form#reply button[type=submit]").ClickAsync();
        await Assertions.Expect(other.Locator("main .forum-posts > li")).ToHaveCountAsync(2);
        await other.Locator("main .forum-post.opening button.forum-reaction", new() { HasTextString = hug }).ClickAsync();
        await Assertions.Expect(other.Locator("main .forum-post.opening button.forum-reaction[aria-pressed=true]")).ToContainTextAsync(hug);
        await other.Locator("main .forum-post.opening details.forum-flag summary").ClickAsync();
        await other.Locator("main .forum-post.opening input[name=reason][value=Other]").CheckAsync();
        await other.Locator("main .forum-post.opening details.forum-flag button[type=submit]").ClickAsync();
        await Assertions.Expect(other.Locator("main .forum-post.opening details.forum-flag summary")).ToHaveTextAsync(reported);
        await BrowserSite.AssertAccessibleAsync(other);
        await Screenshots.TakeAsync(other, "forum-thread", culture, widths: Screenshots.PhoneAndDesktop);

        // The flag reaches the moderators' queue.
        await staff.GotoAsync("/community/moderation");
        await Assertions.Expect(staff.Locator("main .forum-queue > li", new() { HasTextString = title })).ToHaveCountAsync(1);
        await BrowserSite.AssertAccessibleAsync(staff);

        // Nothing the flow did left a person's e-mail address, a token or a password in the site's log (issue 18).
        site.AssertNoPersonalDataLogged();
    }

    [Theory]
    [InlineData("zh-HK", "這是經驗分享，不是醫療建議", "物理治療", "評分未夠", "痛痛姐姐")]
    [InlineData("en", "Shared experience, not medical advice", "物理治療", "Not enough ratings yet", "痛痛姐姐")]
    public async Task Ratings_charts_and_members_like_me(string culture, string notice, string treatment, string notEnough, string likeMe)
    {
        var page = await SignInAsync("member", culture);
        await page.GotoAsync("/community/ratings?condition=chronic-pain");
        await Assertions.Expect(page.Locator("main .forum-notice")).ToContainTextAsync(notice);
        var bar = page.Locator("main .forum-bars li", new() { HasTextString = treatment });
        await Assertions.Expect(bar.Locator("svg[role=img]")).ToHaveAttributeAsync("aria-label", new Regex("7"));
        await Assertions.Expect(page.Locator("main table tbody tr", new() { HasTextString = treatment })).ToContainTextAsync("7");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(notEnough);
        await BrowserSite.AssertAccessibleAsync(page);
        await Screenshots.TakeAsync(page, "forum-ratings", culture, widths: Screenshots.PhoneAndDesktop);

        // Rate: a treatment with too few ratings gains one, and the page says thank you.
        await page.Locator("main .forum-few a").First.ClickAsync();
        await BrowserSite.AssertAccessibleAsync(page);
        await page.Locator("#kind-Therapy").CheckAsync();
        await page.Locator("#eff-4").CheckAsync();
        await page.Locator("#side-0").CheckAsync();
        await page.Locator("#burden-2").CheckAsync();
        await page.Locator("main form.forum-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/community/ratings\\?condition=chronic-pain"));
        await Assertions.Expect(page.Locator("main h2", new() { HasTextString = culture == "en" ? "My ratings" : "我的評分" })).ToBeVisibleAsync();

        // Members like me: findable members with the same condition; a contact request.
        await page.GotoAsync("/community/like-me");
        await Assertions.Expect(page.Locator("main .forum-people")).ToContainTextAsync(likeMe);
        await BrowserSite.AssertAccessibleAsync(page);
        await Screenshots.TakeAsync(page, "forum-like-me", culture, widths: Screenshots.PhoneAndDesktop);
        var person = page.Locator("main .forum-people > li:has(details.forum-contact)").First;
        await person.Locator("summary").ClickAsync();
        await person.Locator("textarea").FillAsync(culture == "en" ? "We live nearby and share the same pain. Coffee?" : "我們住得近，又有同樣的痛症，想交個朋友。");
        await person.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(culture == "en" ? "Your request is sent" : "邀請已發出");
        await BrowserSite.AssertAccessibleAsync(page);
    }

    private async Task<IPage> SignInAsync(string userName, string culture)
    {
        var page = await site.NewPageAsync(culture);
        await page.GotoAsync("/account/sign-in?culture=" + culture);
        await page.Locator("#Login").FillAsync(userName);
        await page.Locator("#Password").FillAsync(BrowserSite.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await BrowserSite.WaitUntilSignedInAsync(page);
        await page.GotoAsync($"/preferences?culture={culture}&returnUrl=/");
        return page;
    }
}
