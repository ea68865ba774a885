using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Notifications.Services;

namespace Portal.Notifications.Tests;

public sealed class UnsubscribeTests
{
    [Fact]
    public async Task Link_in_the_email_turns_the_kind_off()
    {
        await using var site = new TestSite();
        site.People.Add("u1", "陳大文", "chan@example.org", "zh-HK");
        await site.PublishAsync(new NotificationRequest(ForumKinds.Reply, "u1", new Dictionary<string, string> { ["author"] = "A", ["topic"] = "T" }, "r1"));
        string url;
        await using (var db = site.Db())
        {
            url = (await db.OutboxMessages.SingleAsync()).UnsubscribeUrl!;
        }

        Assert.StartsWith("https://portal.test/unsubscribe/", url, StringComparison.Ordinal);
        var token = url["https://portal.test/unsubscribe/".Length..];
        var request = site.Services.GetRequiredService<UnsubscribeTokens>().Read(token);
        Assert.Equal(new UnsubscribeRequest("u1", ForumKinds.Reply), request);

        var labels = await site.WithScopeAsync(sp => sp.GetRequiredService<NotificationCenter>().UnsubscribeAsync(request!, "zh-HK", CancellationToken.None));
        Assert.Equal(["帖子的新回覆"], labels); // the kind's own name

        await site.PublishAsync(new NotificationRequest(ForumKinds.Reply, "u1", new Dictionary<string, string> { ["author"] = "A", ["topic"] = "T" }, "r2"));
        await using var after = site.Db();
        Assert.Equal(1, await after.OutboxMessages.CountAsync());
    }

    [Fact]
    public async Task Forged_and_altered_tokens_are_refused()
    {
        await using var site = new TestSite();
        var tokens = site.Services.GetRequiredService<UnsubscribeTokens>();
        var token = tokens.Create("u1", ForumKinds.Reply);

        var altered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        Assert.Null(tokens.Read(altered));
        Assert.Null(tokens.Read(token[..^2]));
        Assert.Null(tokens.Read("u1"));
        Assert.Null(tokens.Read(Convert.ToBase64String("u1\nforum.reply"u8.ToArray())));
        Assert.Null(tokens.Read(""));

        // Signed with another site's keys: refused too.
        await using var other = new TestSite();
        Assert.Null(tokens.Read(other.Services.GetRequiredService<UnsubscribeTokens>().Create("u1", ForumKinds.Reply)));
        Assert.NotNull(tokens.Read(token));
    }
}
