using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>A site set up from the real demo recipe (content-recipes/default.recipe.json): every module has data, so
/// its pages carry the forms people really use (replies, meeting logs, interests, targets, publish switches).</summary>
public class DemoSite : PortalSite
{
    public DemoSite()
        : this([])
    {
    }

    /// <summary>The demo site with more settings.</summary>
    protected DemoSite(Dictionary<string, string?> settings)
        : base(new Dictionary<string, string?>(settings)
        {
            ["Portal:SetupRecipe"] = Path.Combine(AppContext.BaseDirectory, "content-recipes", "default.recipe.json"),
        })
    {
    }
}

/// <summary>
/// A double click, a second tab or a slow phone sends the same form twice at once. Every form of every page a demo
/// person can reach (each role and a visitor; found by walking the routing table and the pages' links, so a new
/// module's forms are covered without touching this test) is sent twice at once with the values it shows, twice
/// times over: neither copy may answer 5xx or 409. The fuzz test found two such races by chance; this finds them on
/// purpose. Not sent: sign-out and closing one's own account, which end the walk.
/// </summary>
public sealed partial class DoubleSubmitTests(DemoSite site) : IClassFixture<DemoSite>
{
    private const int Rounds = 2;

    /// <summary>Staff and the administrator last: their forms lock accounts and switch modules off.</summary>
    private static readonly string[] People = ["member", "mentee2", "mentor", "leader", "partner", "staff", "admin"];

    [Fact]
    public async Task Every_form_sent_twice_at_once_gives_neither_a_server_error_nor_a_conflict()
    {
        _ = site.CreateClient();
        var starts = SiteCrawler.PlainGetPaths(site.Services);
        var failures = new List<string>();
        var sent = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var person in People.Prepend(null))
        {
            var client = person is null ? site.CreateBrowser() : await site.SignInAsync(person);
            var links = new ConcurrentBag<string>();
            var forms = new ConcurrentBag<FormTarget>();
            foreach (var path in starts)
            {
                await SiteCrawler.CrawlAsync(client, person ?? "visitor", path, links, forms, site.Errors);
            }

            foreach (var link in links.Distinct().Where(l => !l.Contains("/account/delete", StringComparison.Ordinal)).Take(300).ToList())
            {
                await SiteCrawler.CrawlAsync(client, person ?? "visitor", link, links, forms, site.Errors);
            }

            // At most two forms of each kind per person (two articles' edit forms, not forty).
            var chosen = forms.Where(f => f.Method == "POST" && IsSafeToSend(f.Action)).DistinctBy(f => f.Key)
                .GroupBy(f => Digits().Replace(f.Key, "#")).SelectMany(g => g.OrderBy(f => f.Action, StringComparer.Ordinal).Take(2));
            foreach (var form in chosen)
            {
                if (!seen.Add((person ?? "visitor") + " " + form.Key))
                {
                    continue;
                }

                for (var round = 0; round < Rounds; round++)
                {
                    var answers = await Task.WhenAll(SendAsync(client, form), SendAsync(client, form));
                    sent += 2;
                    foreach (var status in answers.Where(s => (int)s >= 500 || s == HttpStatusCode.Conflict))
                    {
                        failures.Add($"{(int)status} {person ?? "visitor"} POST {form.Action} ({string.Join(", ", form.Fields.Keys.Where(k => k != "__RequestVerificationToken"))})\n{FirstLines(site.Errors.Recent(1))}");
                    }
                }

                if (person is not null && !await IsSignedInAsync(client))
                {
                    client.Dispose();
                    client = await site.SignInAsync(person); // a form that ends sessions (sign out everywhere)
                }
            }

            client.Dispose();
        }

        Assert.True(sent > 1000, $"only {sent} submissions: the walk found too few forms");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} submissions failed:\n\n" + string.Join("\n\n", failures.Distinct().Take(20)));
    }

    private static bool IsSafeToSend(string action) =>
        !action.Contains("sign-out", StringComparison.OrdinalIgnoreCase) && !action.StartsWith("/account/delete", StringComparison.Ordinal);

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, FormTarget form)
    {
        using HttpContent content = form.Multipart ? Multipart(form.Fields) : new FormUrlEncodedContent(form.Fields);
        using var response = await client.PostAsync(form.Action, content);
        return response.StatusCode;
    }

    private static MultipartFormDataContent Multipart(Dictionary<string, string> fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            content.Add(new StringContent(value), key);
        }

        return content;
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();

    private static string FirstLines(string error) => string.Join("\n", error.Split('\n').Where(l => !l.TrimStart().StartsWith("at ", StringComparison.Ordinal)).Take(4));

    private static async Task<bool> IsSignedInAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/account");
        return response.StatusCode == HttpStatusCode.OK;
    }
}
