using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>
/// The administrator's background-tasks page in zh-HK and en: reached from the admin menu, every task with its
/// feature's state and its last run, "run now" through the form (with its antiforgery token), axe-clean.
/// </summary>
public sealed class BackgroundTasksBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Theory]
    [InlineData("zh-HK", "背景工作", "工作「academy.nudges」會立即在這部伺服器執行。", "上次執行")]
    [InlineData("en", "Background tasks", "The task “academy.nudges” will run now on this server.", "Last run")]
    public async Task An_administrator_sees_every_task_and_runs_one_now(string culture, string title, string queued, string lastRun)
    {
        var admin = await site.NewPageAsync(culture);
        await ContentBrowserTests.SignInAsync(admin, "admin", culture);

        await admin.GotoAsync("/admin");
        await admin.Locator("a[href='/admin/background-tasks']").First.ClickAsync();
        await Assertions.Expect(admin).ToHaveURLAsync(new Regex("/admin/background-tasks$"));
        await Assertions.Expect(admin.Locator("main h1")).ToHaveTextAsync(title);

        var nudges = admin.Locator("main .card", new() { Has = admin.Locator("h2", new() { HasTextString = "academy.nudges" }) });
        await Assertions.Expect(nudges).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("main .card h2", new() { HasTextString = "notifications.outbox" })).ToBeVisibleAsync();
        await Assertions.Expect(nudges.Locator(".task-fact strong").First).ToHaveTextAsync(lastRun);
        await BrowserSite.AssertAccessibleAsync(admin);

        // Every task ran once when the site started: its last run and last success are shown.
        await Assertions.Expect(admin.Locator("main .card", new() { Has = admin.Locator("h2", new() { HasTextString = "notifications.outbox" }) }).Locator(".task-fact").First)
            .Not.ToContainTextAsync(culture == "en" ? "Never" : "從未");

        await nudges.Locator("form[action='/admin/background-tasks/run'] button").ClickAsync();
        await Assertions.Expect(admin).ToHaveURLAsync(new Regex("/admin/background-tasks$"));
        await Assertions.Expect(admin.Locator("[role=status]").First).ToContainTextAsync(queued);
        await BrowserSite.AssertAccessibleAsync(admin);
    }
}
