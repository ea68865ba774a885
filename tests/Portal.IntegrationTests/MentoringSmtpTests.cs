using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;
using Portal.Mentoring.Services;
using Portal.Notifications.Tests;

namespace Portal.IntegrationTests;

/// <summary>A stall reminder travels the whole way: the mentor scheme's task, the notification outbox, a real SMTP
/// server (Debian python3-aiosmtpd) on 127.0.0.1, in the mentor's language.</summary>
public sealed class MentoringSmtpTests
{
    private sealed class SmtpSite(int port) : PortalSite(new Dictionary<string, string?>
    {
        ["Portal:Smtp:Host"] = "127.0.0.1",
        ["Portal:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Portal:Smtp:Security"] = "None",
        ["Portal:Smtp:From"] = "noreply@portal.test",
    });

    [Fact]
    public async Task A_stall_reminder_reaches_the_mentor_by_email()
    {
        using var smtp = new SmtpTestServer();
        await using var site = new SmtpSite(smtp.Port);
        _ = site.CreateClient();
        var executor = site.Services.GetRequiredService<RecipeExecutor>();
        await executor.ExecuteAsync(Path.Combine(AppContext.BaseDirectory, "recipes", "mentoring-stall.recipe.json"));

        using (var scope = site.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StallDetectionTask>().RunAsync(CancellationToken.None);
        }

        var messages = await smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(60));
        var reminder = Assert.Single(messages, m => m.To.Mailboxes.Any(a => a.Address == "mentor@test.portal.hk"));
        // The recipe logged the meeting two hours after it was held, 30 days ago: 29 whole days of silence.
        Assert.Equal("No news for 29 days: 測試會員", reminder.Subject);
        Assert.Contains("/mentoring/pairs/", reminder.TextBody, StringComparison.Ordinal);
    }
}
