using Portal.Notifications.Services;

namespace Portal.Notifications.Tests;

public sealed class TemplateRendererTests
{
    private readonly TemplateRenderer _renderer = new(new TestMarkdownRenderer());

    [Fact]
    public void Values_are_html_encoded_and_cannot_add_markup()
    {
        var html = _renderer.RenderHtmlFragment("你好 **{{name}}**", new Dictionary<string, string> { ["name"] = "<script>alert(1)</script>陳大文" });

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>&lt;script&gt;alert(1)&lt;/script&gt;陳大文</strong>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Link_values_must_be_web_links()
    {
        const string template = "[Open]({{link}})";

        var good = _renderer.RenderHtmlFragment(template, new Dictionary<string, string> { ["link"] = "https://portal.test/a?b=1&c=2" });
        var evil = _renderer.RenderHtmlFragment(template, new Dictionary<string, string> { ["link"] = "javascript:alert(1)" });
        var quote = _renderer.RenderHtmlFragment(template, new Dictionary<string, string> { ["link"] = "https://x.test/\" onclick=\"alert(1)" });

        Assert.Contains("href=\"https://portal.test/a?b=1&amp;c=2\"", good, StringComparison.Ordinal);
        Assert.Contains("href=\"#\"", evil, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", evil, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\" onclick", quote, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_syntax_in_values_is_not_evaluated()
    {
        var text = _renderer.RenderText("Hi {{name}}", new Dictionary<string, string> { ["name"] = "{{secret}}", ["secret"] = "leak" });

        Assert.Equal("Hi {{secret}}", text);
    }

    [Fact]
    public void Subject_keeps_to_one_line()
    {
        var subject = _renderer.RenderSubject("回覆：{{title}}", new Dictionary<string, string> { ["title"] = "a\r\nBcc: victim@example.org\nb" });

        Assert.DoesNotContain('\r', subject);
        Assert.DoesNotContain('\n', subject);
        Assert.Equal("回覆：a Bcc: victim@example.org b", subject);
    }

    [Fact]
    public void Text_part_writes_links_out_and_drops_markdown()
    {
        var text = _renderer.RenderText("# 標題\n\n**重要**：[確認]({{link}})", new Dictionary<string, string> { ["link"] = "https://portal.test/c" });

        Assert.Equal("標題\n\n重要：確認: https://portal.test/c", text);
    }

    [Fact]
    public void Addresses_with_line_breaks_or_lists_are_refused()
    {
        Assert.Equal("chan@example.org", HeaderGuard.ValidAddress("chan@example.org"));
        Assert.Null(HeaderGuard.ValidAddress("chan@example.org\r\nBcc: x@example.org"));
        Assert.Null(HeaderGuard.ValidAddress("a@example.org, b@example.org"));
        Assert.Null(HeaderGuard.ValidAddress("Chan <chan@example.org>"));
        Assert.Null(HeaderGuard.ParseFrom("Portal <noreply@portal.test>\nBcc: x@y.org"));
        Assert.NotNull(HeaderGuard.ParseFrom("自助組織平台 <noreply@portal.test>"));
    }

    [Fact]
    public void Backoff_doubles_up_to_the_limit()
    {
        var options = new NotificationsOptions { RetryBaseDelay = TimeSpan.FromSeconds(30), RetryMaxDelay = TimeSpan.FromMinutes(5) };

        Assert.Equal(TimeSpan.FromSeconds(30), options.RetryDelayAfter(1));
        Assert.Equal(TimeSpan.FromSeconds(60), options.RetryDelayAfter(2));
        Assert.Equal(TimeSpan.FromSeconds(240), options.RetryDelayAfter(4));
        Assert.Equal(TimeSpan.FromMinutes(5), options.RetryDelayAfter(5));
        Assert.Equal(TimeSpan.FromMinutes(5), options.RetryDelayAfter(60));
    }

    [Theory]
    [InlineData("2026-11-24T02:00:00Z", DeliveryPreference.DailyDigest, "2026-11-25T00:00:00Z")] // Tue 10:00 HKT → Wed 08:00
    [InlineData("2026-11-23T23:59:00Z", DeliveryPreference.DailyDigest, "2026-11-24T00:00:00Z")] // Tue 07:59 HKT → Tue 08:00
    [InlineData("2026-11-24T02:00:00Z", DeliveryPreference.WeeklyDigest, "2026-11-30T00:00:00Z")] // → Mon 30 Nov 08:00 HKT
    [InlineData("2026-11-30T00:00:00Z", DeliveryPreference.WeeklyDigest, "2026-12-07T00:00:00Z")] // Mon 08:00 exactly → next Monday
    public void Digests_go_out_at_eight_in_the_morning_hong_kong_time(string now, DeliveryPreference frequency, string expected)
    {
        var due = DigestSchedule.NextDue(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), frequency, 8);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), due);
    }
}
