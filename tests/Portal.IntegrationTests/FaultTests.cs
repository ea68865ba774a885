using System.Net;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

public sealed class FaultTests
{
    /// <summary>The database goes away under a running site: pages answer 503 with Retry-After, a static page in the
    /// person's language and the security headers (before: an empty 500 without headers).</summary>
    [Fact]
    public async Task During_a_database_outage_pages_answer_503_with_retry_after_and_a_localized_page()
    {
        using var site = new PortalSite();
        using var client = site.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/sign-in")).StatusCode);
        using var member = await site.SignInAsync("member");

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(site.DataDir, "portal.db*"))
        {
            await File.WriteAllBytesAsync(file, new byte[4096]);
        }

        await File.WriteAllTextAsync(Path.Combine(site.DataDir, "portal.db"), "this is not a database, it was overwritten by the test");

        // A signed-in person (the session check needs the database) and an anonymous one, in both languages.
        using var signedIn = await member.GetAsync("/account");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, signedIn.StatusCode);

        using var zh = await client.GetAsync("/account?culture=zh-HK");
        var anonymous = zh.StatusCode == HttpStatusCode.ServiceUnavailable ? zh : await client.GetAsync("/kb");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, anonymous.StatusCode);
        Assert.Equal("30", anonymous.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(anonymous.Headers.Contains("Content-Security-Policy"));
        Assert.Contains("暫時未能使用", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var en = await client.GetAsync("/kb?culture=en");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, en.StatusCode);
        Assert.Contains("Temporarily unavailable", await en.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_folder_that_cannot_be_created_stops_the_start_naming_the_folder_and_the_reason()
    {
        var parent = Path.Combine(Path.GetTempPath(), $"portal-not-a-folder-{Guid.NewGuid():N}");
        File.WriteAllText(parent, "a file where the data folder's parent should be");
        try
        {
            var dataDir = Path.Combine(parent, "data");
            using var site = new DataDirSite(dataDir);
            var error = Assert.ThrowsAny<Exception>(() => site.CreateClient());
            Assert.Contains($"The data folder {dataDir} is missing and cannot be created", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("Portal__DataDir", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(parent);
        }
    }

    private sealed class DataDirSite(string dataDir) : PortalSite(new Dictionary<string, string?> { ["Portal:DataDir"] = dataDir });
}
