using Portal.Content.Models;

namespace Portal.Content.Tests;

public sealed class PageTests
{
    private static readonly PageText Both = new("關於我們", "About us", "我們是…", "We are…");

    [Fact]
    public void Create_normalizes_the_slug_and_starts_as_a_draft()
    {
        var page = Page.Create("  About-Us ", Both, Tests.Now);

        Assert.Equal("about-us", page.Slug);
        Assert.Equal(PublishStatus.Draft, page.Status);
        Assert.Equal(1, page.Version);
        Assert.Null(page.PublishedUtc);
    }

    [Theory]
    [InlineData("")]
    [InlineData("about us")]
    [InlineData("關於")]
    [InlineData("-about")]
    [InlineData("about--us")]
    public void Create_refuses_a_bad_slug(string slug)
    {
        var error = Assert.Throws<ContentRuleException>(() => Page.Create(slug, Both, Tests.Now));
        Assert.Equal("slug", error.Error.Field);
    }

    [Fact]
    public void Create_needs_a_title_in_some_language()
    {
        var error = Assert.Throws<ContentRuleException>(() => Page.Create("x", new PageText(null, " ", "內文", null), Tests.Now));
        Assert.Equal("titleZh", error.Error.Field);
    }

    [Fact]
    public void Publish_needs_title_and_body_in_one_language()
    {
        var page = Page.Create("empty", new PageText("標題", "Title", null, null), Tests.Now);

        Assert.Throws<ContentRuleException>(() => page.Publish(Tests.Now));
        Assert.False(page.IsPublished);

        page.Revise(new PageText("標題", "Title", null, "Some text"), Tests.Now.AddMinutes(1), "staff");
        page.Publish(Tests.Now.AddMinutes(2));
        Assert.True(page.IsPublished);
        Assert.Equal(Tests.Now.AddMinutes(2), page.PublishedUtc);
    }

    [Fact]
    public void Unpublish_returns_a_published_page_to_draft_and_refuses_a_draft()
    {
        var page = Page.Create("about", Both, Tests.Now);
        Assert.Throws<ContentRuleException>(() => page.Unpublish(Tests.Now));

        page.Publish(Tests.Now);
        page.Unpublish(Tests.Now.AddHours(1));

        Assert.Equal(PublishStatus.Draft, page.Status);
        Assert.Equal(Tests.Now.AddHours(1), page.UpdatedUtc);
    }

    [Fact]
    public void Revise_keeps_the_old_text_as_a_revision_only_when_something_changed()
    {
        var page = Page.Create("about", Both, Tests.Now);

        Assert.False(page.Revise(Both with { BodyEn = "  We are…  " }, Tests.Now.AddMinutes(1), "staff"));
        Assert.Empty(page.Revisions);

        Assert.True(page.Revise(Both with { BodyEn = "We are a centre." }, Tests.Now.AddMinutes(2), "staff"));
        var revision = Assert.Single(page.Revisions);
        Assert.Equal(1, revision.Version);
        Assert.Equal("We are…", revision.BodyEn);
        Assert.Equal(2, page.Version);
        Assert.Equal("We are a centre.", page.BodyEn);
    }

    [Fact]
    public void The_home_page_keeps_its_slug()
    {
        var page = Page.Create(Page.HomeSlug, Both, Tests.Now);
        Assert.Throws<ContentRuleException>(() => page.ChangeSlug("start", Tests.Now));
        Assert.Equal("home", page.Slug);
    }

    [Fact]
    public void ContentFor_falls_back_to_the_other_language_and_says_so()
    {
        var page = Page.Create("zh-only", new PageText("只有中文", null, "內文", null), Tests.Now);

        var english = page.ContentFor("en");
        Assert.NotNull(english);
        Assert.True(english.Value.Title.IsFallback);
        Assert.Equal("zh-HK", english.Value.Title.Culture);
        Assert.Equal("內文", english.Value.Body);

        var chinese = page.ContentFor("zh-HK");
        Assert.False(chinese!.Value.Title.IsFallback);
    }
}

public sealed class NewsItemTests
{
    private static readonly NewsText Text = new("平台啟用", "Portal opens", "摘要", "Summary", "內文", "Body");

    [Fact]
    public void Only_published_items_whose_date_has_come_are_visible()
    {
        var today = new DateOnly(2026, 11, 27);
        var item = NewsItem.Create("launch", Text, today.AddDays(3), Tests.Now);
        Assert.False(item.IsVisibleOn(today));

        item.Publish(Tests.Now);
        Assert.False(item.IsVisibleOn(today));
        Assert.True(item.IsVisibleOn(today.AddDays(3)));
    }

    [Fact]
    public void Revise_reports_whether_anything_changed()
    {
        var date = new DateOnly(2026, 11, 1);
        var item = NewsItem.Create("launch", Text, date, Tests.Now);

        Assert.False(item.Revise(Text, date, Tests.Now));
        Assert.True(item.Revise(Text, date.AddDays(1), Tests.Now));
        Assert.Equal(date.AddDays(1), item.PublishDate);
    }

    [Fact]
    public void Summary_without_a_title_in_that_language_is_refused()
    {
        var error = Assert.Throws<ContentRuleException>(() =>
            NewsItem.Create("x", new NewsText("標題", null, null, "English summary", null, null), new DateOnly(2026, 1, 1), Tests.Now));
        Assert.Equal("titleEn", error.Error.Field);
    }
}

public sealed class MainMenuTests
{
    private static MainMenu ThreeLinks()
    {
        var menu = new MainMenu([]);
        menu.Add("首頁", "Home", "/");
        menu.Add("知識庫", "Knowledge", "/kb");
        menu.Add("最新消息", "News", "/news");
        return menu;
    }

    [Fact]
    public void Add_puts_links_at_the_end()
    {
        var menu = ThreeLinks();
        Assert.Equal(["/", "/kb", "/news"], menu.Items.Select(i => i.Url));
        Assert.Equal([1, 2, 3], menu.Items.Select(i => i.Position));
    }

    [Fact]
    public void Move_swaps_neighbours_and_stops_at_the_ends()
    {
        var menu = ThreeLinks();
        var news = menu.Items[2];

        Assert.False(menu.Move(news, +1));
        Assert.True(menu.Move(news, -1));
        Assert.Equal(["/", "/news", "/kb"], menu.Items.Select(i => i.Url));
        Assert.Equal(2, news.Position);
        Assert.False(menu.Move(menu.Items[0], -1));
    }

    [Fact]
    public void Remove_closes_the_gap()
    {
        var menu = ThreeLinks();
        menu.Remove(menu.Items[0]);
        Assert.Equal([1, 2], menu.Items.Select(i => i.Position));
    }

    [Theory]
    [InlineData("/pages/about", true)]
    [InlineData("https://www.example.org.hk/", true)]
    [InlineData("//evil.example", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("pages/about", false)]
    [InlineData("", false)]
    public void Links_go_to_this_site_or_to_http_addresses(string url, bool valid)
    {
        Assert.Equal(valid, !MenuItem.Validate("中文", "English", url).Any());
    }

    [Fact]
    public void Link_text_is_needed_in_both_languages()
    {
        var errors = MenuItem.Validate(" ", null, "/").Select(e => e.Field).ToList();
        Assert.Equal(["textZh", "textEn"], errors);
    }
}
