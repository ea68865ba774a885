using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Academy.Services;

namespace Portal.BrowserTests;

/// <summary>
/// The impact dashboard in Chromium with the demo data: staff open it, change the date range (a preset, then bad
/// custom dates, then good ones), download the CSV and the bilingual PDF (checked with poppler), and anyone reads
/// the public page; axe-clean in zh-HK and en. Set PORTAL_SCREENSHOTS to a folder to keep screenshots at 390 and
/// 1366 pixels.
/// </summary>
public sealed class ImpactBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Theory]
    [InlineData("zh-HK", "staff", "成效儀表板", "第一天必須在最後一天或之前。", "我們的成效")]
    [InlineData("en", "admin", "Impact dashboard", "The first day must be on or before the last day.", "Our impact")]
    public async Task Staff_open_the_dashboard_change_the_period_and_download_the_csv_and_pdf(string culture, string userName, string heading, string dateError, string publicHeading)
    {
        await EnrolDemoAccountsAsync();
        var suffix = culture == "en" ? "?culture=en" : string.Empty;
        var page = await site.NewPageAsync(culture);
        await page.GotoAsync("/account/sign-in" + suffix);
        await page.Locator("#Login").FillAsync(userName);
        await page.Locator("#Password").FillAsync(BrowserSite.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await BrowserSite.WaitUntilSignedInAsync(page);
        // A page's ?culture= is not saved: choose the test's language with the site's language switch, as a person would.
        await page.GotoAsync($"/preferences?culture={culture}&returnUrl=/");

        await page.GotoAsync("/admin/impact" + suffix);
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(heading);
        await Assertions.Expect(page.Locator("main svg[role=img]").First).ToBeVisibleAsync();
        await BrowserSite.AssertAccessibleAsync(page);
        await Screenshots.TakeAsync(page, "impact-dashboard", culture, widths: Screenshots.PhoneAndDesktop);

        // A preset.
        await page.Locator("input[name=period][value=last-year]").CheckAsync();
        await page.Locator("form.impact-period button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("period=last-year"));
        var lastYear = DateTime.UtcNow.Year - 1;
        await Assertions.Expect(page.Locator("#from")).ToHaveValueAsync($"{lastYear}-01-01");

        // Bad custom dates: a message in the person's language, the dates kept, no error page.
        await page.Locator("input[name=period][value=custom]").CheckAsync();
        await page.Locator("#from").FillAsync("2026-06-30");
        await page.Locator("#to").FillAsync("2026-01-01");
        await page.Locator("form.impact-period button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync(dateError);
        await Assertions.Expect(page.Locator("#from")).ToHaveValueAsync("2026-06-30");
        await BrowserSite.AssertAccessibleAsync(page);

        // Good custom dates.
        await page.Locator("#from").FillAsync("2025-01-01");
        await page.Locator("#to").FillAsync("2026-12-31");
        await page.Locator("form.impact-period button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("a[href*='export.csv']")).ToHaveAttributeAsync("href", new Regex("from=2025-01-01&to=2026-12-31"));

        var csvDownload = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[href*='export.csv']").ClickAsync());
        var csvFile = Path.Combine(site.DataDir, $"impact-{culture}.csv");
        await csvDownload.SaveAsAsync(csvFile);
        var csv = await File.ReadAllTextAsync(csvFile, Encoding.UTF8);
        Assert.StartsWith("period_from,period_to,section,metric_key", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("academy.enrolments", csv, StringComparison.Ordinal);
        Assert.Contains("knowledge.articles-online", csv, StringComparison.Ordinal);

        var pdfDownload = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[href*='report.pdf']").ClickAsync());
        var pdfFile = Path.Combine(site.DataDir, $"impact-{culture}.pdf");
        await pdfDownload.SaveAsAsync(pdfFile);
        var fonts = Run("pdffonts", pdfFile).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, f => Assert.Contains(" yes ", f, StringComparison.Ordinal));
        var text = Run("pdftotext", "-enc", "UTF-8", pdfFile, "-");
        Assert.Contains("成效報告", text, StringComparison.Ordinal);
        Assert.Contains("Impact report", text, StringComparison.Ordinal);
        Assert.Contains("課程報名", text, StringComparison.Ordinal);
        Assert.Contains("Course enrolments", text, StringComparison.Ordinal);

        await page.GotoAsync("/admin/impact/targets" + suffix);
        await BrowserSite.AssertAccessibleAsync(page);

        // The public page, signed out.
        var anonymous = await site.NewPageAsync(culture);
        await anonymous.GotoAsync("/impact" + suffix);
        await Assertions.Expect(anonymous.Locator("main h1")).ToHaveTextAsync(publicHeading);
        await BrowserSite.AssertAccessibleAsync(anonymous);
        await Screenshots.TakeAsync(anonymous, "impact-public", culture, widths: Screenshots.PhoneAndDesktop);
    }

    /// <summary>The demo site has courses but no learners yet: its six demo accounts enrol today (a second call changes nothing).</summary>
    private async Task EnrolDemoAccountsAsync()
    {
        using var scope = site.Services.CreateScope();
        var learning = scope.ServiceProvider.GetRequiredService<LearningService>();
        var people = scope.ServiceProvider.GetRequiredService<Portal.People.IPersonDirectory>();
        foreach (var name in new[] { "admin", "staff", "leader", "mentor", "member", "partner" })
        {
            var person = await people.FindByUserNameAsync(name) ?? throw new InvalidOperationException(name);
            await learning.EnrolAsync(person.UserId, "running-effective-meetings");
        }
    }

    private static string Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
