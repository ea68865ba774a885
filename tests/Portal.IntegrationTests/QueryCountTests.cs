using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Portal.IntegrationTests;

/// <summary>
/// The database queries of each main page, rendered for real (page cache off) on the demo content, each under a
/// limit: a page that reads per item (N+1) goes over it as soon as the demo has more than a handful of items.
/// Queries are counted per request through an EF Core interceptor keyed by a request header, so background tasks
/// and other requests do not count.
/// </summary>
public sealed class QueryCountTests(QueryCountTests.Site site, ITestOutputHelper output) : IClassFixture<QueryCountTests.Site>
{
    private const string ProbeHeader = "X-Query-Probe";

    public sealed class Site() : PortalSite(new Dictionary<string, string?> { ["Portal:PageCache:Enabled"] = "false" })
    {
        public QueryCounter Counter { get; } = new();

        private readonly SemaphoreSlim _seeded = new(1, 1);
        private bool _done;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IInterceptor>(Counter));
        }

        /// <summary>The demo news, knowledge base and courses (once per site).</summary>
        public async Task SeedAsync()
        {
            await _seeded.WaitAsync();
            try
            {
                if (_done)
                {
                    return;
                }

                _ = CreateClient();
                var recipes = Services.GetRequiredService<RecipeExecutor>();
                foreach (var recipe in new[] { "content.recipe.json", "knowledge.recipe.json", "academy.recipe.json" })
                {
                    await recipes.ExecuteAsync(Path.Combine(AppContext.BaseDirectory, "content-recipes", recipe));
                }

                _done = true;
            }
            finally
            {
                _seeded.Release();
            }
        }
    }

    /// <summary>Counts the commands sent while a request carrying <see cref="ProbeHeader"/> is handled.</summary>
    public sealed class QueryCounter : DbCommandInterceptor
    {
        private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
        private IHttpContextAccessor? _accessor;

        public void Watch(IHttpContextAccessor accessor) => _accessor = accessor;

        public int Take(string probe) => _counts.TryRemove(probe, out var count) ? count : 0;

        public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
        {
            if (_accessor?.HttpContext?.Request.Headers[ProbeHeader].ToString() is { Length: > 0 } probe)
            {
                _counts.AddOrUpdate(probe, 1, (_, n) => n + 1);
            }

            return result;
        }
    }

    public static TheoryData<string, string?, int> Pages => new()
    {
        // page, who (null: not signed in), most queries allowed
        { "/", null, 3 },
        { "/news", null, 3 },
        { "/kb", null, 4 },
        { "/kb/articles/carer-group-story", null, 5 },
        { "/academy", null, 2 },
        { "/academy/courses/fundraising-basics", null, 6 },
        { "/certificates/verify", null, 1 },
        // Signed in: the bell's count and the mentor check are cached per person (PersonCache<UnreadCount>, PersonCache<MentorStatus>).
        { "/academy/my", "member", 4 },
        { "/account", "member", 3 }, // the person, and "who opened your data" (the newest entries; no names when there are none); roles from the sign-in
        { "/notifications", "member", 2 },
        { "/academy/courses/fundraising-basics", "member", 7 },
        // The module dashboards of a member (the test site has no pairs, posts or needs: these catch the fixed cost).
        { "/mentoring", "member", 4 },
        { "/community", "member", 2 }, // the communities, member counts and the viewer's memberships cached (issue 16)
        { "/partners", "member", 3 }, // the group they lead, their partner profile, whether they may lead a group; no matches to read when they are neither
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_main_page_reads_the_database_a_bounded_number_of_times(string url, string? who, int limit)
    {
        await site.SeedAsync();
        site.Counter.Watch(site.Services.GetRequiredService<IHttpContextAccessor>());
        using var client = who is null ? site.CreateBrowser() : await site.SignInAsync(who);

        // Once to warm the caches (menu, settings), then counted.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        var probe = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(ProbeHeader, probe);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var queries = site.Counter.Take(probe);
        output.WriteLine($"{url} ({who ?? "anonymous"}): {queries} queries (limit {limit})");
        Assert.True(queries <= limit, $"{url} ({who ?? "anonymous"}) sent {queries} queries; the limit is {limit}.");
        Assert.True(queries > 0 || url == "/certificates/verify", $"{url} sent no query at all: is the counter wired?");
    }
}
