using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Modules;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>
/// The layout and the home page show what modules put in the layout zones (bell, search box, user menu, home tiles),
/// in order, and leave out what belongs to a feature that is switched off. The expected lists name a few modules and
/// check their order among whatever else is there, so adding a module needs no change here.
/// </summary>
public sealed class LayoutZoneTests(PortalSite site) : IClassFixture<PortalSite>
{
    private static string[] TileLinks(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("section[aria-labelledby=home-services] .card h3 a").Select(a => a.GetAttribute("href")!)];

    private static string[] AccountLinks(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("nav.account-nav a").Select(a => a.GetAttribute("href")!)];

    /// <summary>Every expected link is there, in this order, among the others.</summary>
    private static void AssertInOrder(string[] expected, string[] actual)
    {
        var positions = expected.Select(e => Array.IndexOf(actual, e)).ToList();
        Assert.True(positions.All(p => p >= 0) && positions.SequenceEqual(positions.Order()),
            $"Expected [{string.Join(", ", expected)}] in this order within [{string.Join(", ", actual)}].");
    }

    [Fact]
    public async Task The_home_page_shows_the_modules_tiles_in_order_in_the_readers_language()
    {
        using var client = site.CreateBrowser();
        var english = await HtmlForms.GetAsync(client, "/?culture=en");
        AssertInOrder(["/kb", "/academy", "/mentoring", "/impact"], TileLinks(english));
        var titles = english.QuerySelectorAll("section[aria-labelledby=home-services] .card h3").Select(h => h.TextContent.Trim()).Take(2).ToList();
        Assert.Equal(["Knowledge base", "Training academy"], titles);
        Assert.Contains("Online courses for leaders", english.QuerySelector("a[href='/academy']")!.ParentElement!.ParentElement!.TextContent, StringComparison.Ordinal);

        var chinese = await HtmlForms.GetAsync(client, "/?culture=zh-HK");
        var chineseTitles = chinese.QuerySelectorAll("section[aria-labelledby=home-services] .card h3").Select(h => h.TextContent.Trim()).Take(2).ToList();
        Assert.Equal(["知識庫", "培訓學院"], chineseTitles);

        // The search box comes from the search module's Header widget; anonymous people get no bell and no user menu.
        Assert.NotNull(english.QuerySelector("header #search-box-q"));
        Assert.Null(english.QuerySelector(".notification-bell"));
        Assert.Equal(["/account/sign-in", "/account/register"], AccountLinks(english));
    }

    [Theory]
    [InlineData("member", false)]
    [InlineData("staff", true)]
    [InlineData("admin", true)]
    public async Task The_user_menu_holds_the_modules_links_and_admin_only_for_people_who_may_use_it(string userName, bool seesAdmin)
    {
        using var client = await site.SignInAsync(userName);
        var page = await HtmlForms.GetAsync(client, "/?culture=en");
        var links = AccountLinks(page);

        // The bell (Notifications, AccountBar zone) first, then the user menu in order, then the host's own links.
        Assert.Equal("/notifications", links[0]);
        Assert.Equal("/account", links[^1]);
        AssertInOrder(["/notifications", "/mentoring", "/academy/my", "/account"], links);
        Assert.Equal(seesAdmin, links.Contains("/admin"));
        if (seesAdmin)
        {
            Assert.Equal("/admin", links[^2]);
        }

        Assert.Equal("My learning", page.QuerySelector("nav.account-nav a[href='/academy/my']")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("nav.account-nav form[action='/account/sign-out']"));
    }

    [Fact]
    public async Task A_switched_off_feature_leaves_the_zones_and_comes_back_when_switched_on()
    {
        var features = site.Services.GetRequiredService<FeatureManager>();
        using var client = await site.SignInAsync("admin");
        try
        {
            await features.SetEnabledAsync(["Academy", "Search", "Notifications"], enabled: false);
            var page = await HtmlForms.GetAsync(client, "/?culture=en");
            var tiles = TileLinks(page);
            AssertInOrder(["/kb", "/mentoring", "/impact"], tiles);
            Assert.DoesNotContain("/academy", tiles);
            var links = AccountLinks(page);
            AssertInOrder(["/mentoring", "/admin", "/account"], links);
            Assert.DoesNotContain("/academy/my", links);
            Assert.DoesNotContain("/notifications", links);
            Assert.Null(page.QuerySelector("#search-box-q"));
        }
        finally
        {
            await features.SetEnabledAsync(["Academy", "Search", "Notifications"], enabled: true);
        }

        var again = await HtmlForms.GetAsync(client, "/?culture=en");
        AssertInOrder(["/kb", "/academy", "/mentoring", "/impact"], TileLinks(again));
        AssertInOrder(["/notifications", "/mentoring", "/academy/my", "/admin", "/account"], AccountLinks(again));
        Assert.NotNull(again.QuerySelector("#search-box-q"));
    }
}
