using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>
/// The request queue on the real site, with one place and no room to wait: while a page is being built, the next
/// page gets the "very busy" page (503, Retry-After) in the person's language, the health check still answers, and
/// once the page is done the next one is built. A page is held inside its first database read by an interceptor.
/// </summary>
public sealed class RequestQueueTests(RequestQueueTests.Site site) : IClassFixture<RequestQueueTests.Site>
{
    private const string HoldHeader = "X-Hold-In-Database";

    public sealed class Site() : PortalSite(new Dictionary<string, string?>
    {
        ["Portal:RequestQueue:ConcurrentRequests"] = "1",
        ["Portal:RequestQueue:QueueLimit"] = "0",
    })
    {
        public DatabaseHold Hold { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IInterceptor>(Hold));
        }
    }

    /// <summary>Holds the database reads of requests that carry <see cref="HoldHeader"/> until released.</summary>
    public sealed class DatabaseHold : DbCommandInterceptor
    {
        private IHttpContextAccessor? _accessor;

        public TaskCompletionSource Entered { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Watch(IHttpContextAccessor accessor) => _accessor = accessor;

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            // Once the person is known: the cookie check's own reads come before the queue.
            if (_accessor?.HttpContext is { } http && http.Request.Headers.ContainsKey(HoldHeader) && http.User.Identity?.IsAuthenticated == true)
            {
                Entered.TrySetResult();
                await Release.Task;
            }

            return result;
        }
    }

    [Fact]
    public async Task While_every_place_is_taken_a_page_says_the_site_is_busy_in_the_persons_language_and_then_works_again()
    {
        site.Hold.Watch(site.Services.GetRequiredService<IHttpContextAccessor>());
        using var member = await site.SignInAsync("member");
        using var visitor = await site.SignInAsync("leader"); // signed in: pages are built, never a cached copy

        using var holding = new HttpRequestMessage(HttpMethod.Get, "/account");
        holding.Headers.Add(HoldHeader, "1");
        var held = member.SendAsync(holding);
        await site.Hold.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var chinese = await visitor.GetAsync("/notifications");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, chinese.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), chinese.Headers.RetryAfter?.Delta);
        var page = await chinese.Content.ReadAsStringAsync();
        Assert.Contains("網站現時十分繁忙", page, StringComparison.Ordinal);
        Assert.Contains("請等幾秒，然後再試", page, StringComparison.Ordinal);

        using var english = await visitor.GetAsync("/notifications?culture=en");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, english.StatusCode);
        var englishPage = await english.Content.ReadAsStringAsync();
        Assert.Contains("The portal is very busy", englishPage, StringComparison.Ordinal);
        Assert.Contains("Please wait a few seconds and try again.", englishPage, StringComparison.Ordinal);

        // A busy node still says it is alive; a form is not held back.
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/health")).StatusCode);

        site.Hold.Release.SetResult();
        using var answered = await held;
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        using var after = await visitor.GetAsync("/notifications?culture=en");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.DoesNotContain("The portal is very busy", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
