using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Portal.Data;
using Portal.Hosting;

namespace Portal.Host.Tests;

/// <summary>Pages are built a few at a time, oldest first; a place is given back as soon as the answer starts; forms,
/// health checks and error pages never wait; a full queue answers 503 with Retry-After.</summary>
public sealed class RequestQueueTests
{
    [Theory]
    [InlineData(2, DatabaseProvider.Sqlite, 4)]
    [InlineData(2, DatabaseProvider.Postgres, 8)]
    [InlineData(8, DatabaseProvider.Sqlite, 16)]
    [InlineData(0, DatabaseProvider.Sqlite, 2)]
    public void The_automatic_number_of_places_follows_the_cores_and_the_database(int cores, DatabaseProvider provider, int expected) =>
        Assert.Equal(expected, RequestQueue.Automatic(cores, provider));

    [Theory]
    [InlineData("GET", "/community", true)]
    [InlineData("HEAD", "/kb", true)]
    [InlineData("POST", "/community/posts", false)]
    [InlineData("PUT", "/api/x", false)]
    [InlineData("GET", "/health", false)]
    [InlineData("GET", "/health/ready", false)]
    [InlineData("GET", "/error/404", false)]
    [InlineData("GET", "/healthy-living", true)]
    public void Only_pages_that_are_read_wait(string method, string path, bool waits)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        Assert.Equal(waits, RequestQueue.Waits(context));
    }

    [Fact]
    public void A_re_executed_status_page_never_waits()
    {
        var context = Get("/kb");
        context.Features.Set<IStatusCodeReExecuteFeature>(new StatusCodeReExecuteFeature());
        Assert.False(RequestQueue.Waits(context));
    }

    [Fact]
    public async Task A_page_waits_while_every_place_is_taken_and_goes_in_as_soon_as_the_first_answer_starts()
    {
        using var queue = new RequestQueue(1, 10);
        var first = new HeldPage();
        var middleware = new RequestQueueMiddleware(first.Run, queue);
        var firstContext = Get("/a", out var firstResponse);
        var firstTask = middleware.InvokeAsync(firstContext);
        await first.Entered.Task;

        var second = new HeldPage();
        var secondTask = new RequestQueueMiddleware(second.Run, queue).InvokeAsync(Get("/b"));
        await Task.Delay(50);
        Assert.False(second.Entered.Task.IsCompleted, "The second page was built while the only place was taken.");

        // The first answer starts going out (a slow reader may take long to read it): the place is free.
        await firstResponse.StartAsync();
        await second.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        first.Release.SetResult();
        second.Release.SetResult();
        await Task.WhenAll(firstTask, secondTask);
    }

    [Fact]
    public async Task Waiting_pages_go_in_oldest_first()
    {
        using var queue = new RequestQueue(1, 10);
        var order = new List<string>();
        var (holder, held) = await HoldAsync(queue);

        var waiting = new List<Task>();
        foreach (var name in new[] { "one", "two", "three", "four" })
        {
            waiting.Add(new RequestQueueMiddleware(context =>
            {
                lock (order)
                {
                    order.Add(name);
                }

                return Task.CompletedTask;
            }, queue).InvokeAsync(Get("/" + name)));
            await Task.Delay(20);
        }

        holder.Release.SetResult();
        await held;
        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["one", "two", "three", "four"], order);
    }

    [Fact]
    public async Task When_the_queue_is_full_the_answer_is_503_with_a_time_to_try_again()
    {
        using var queue = new RequestQueue(1, 0);
        var (holder, held) = await HoldAsync(queue);

        var built = false;
        var refused = Get("/kb");
        await new RequestQueueMiddleware(_ =>
        {
            built = true;
            return Task.CompletedTask;
        }, queue).InvokeAsync(refused);

        Assert.False(built);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, refused.Response.StatusCode);
        Assert.Equal("5", refused.Response.Headers.RetryAfter.ToString());
        Assert.Equal(RequestQueue.RetryAfterSeconds, refused.Items[Portal.Hosting.Security.RateLimitRejection.RetryAfterItem]);

        holder.Release.SetResult();
        await held;
    }

    [Fact]
    public async Task Forms_are_not_held_back_by_a_full_queue()
    {
        using var queue = new RequestQueue(1, 0);
        var (holder, held) = await HoldAsync(queue);

        var post = new DefaultHttpContext();
        post.Request.Method = "POST";
        post.Request.Path = "/community/posts";
        var sent = false;
        await new RequestQueueMiddleware(_ =>
        {
            sent = true;
            return Task.CompletedTask;
        }, queue).InvokeAsync(post);

        Assert.True(sent);
        Assert.Equal(StatusCodes.Status200OK, post.Response.StatusCode);
        holder.Release.SetResult();
        await held;
    }

    [Fact]
    public async Task A_person_who_leaves_while_waiting_is_not_built_for_and_takes_no_place()
    {
        using var queue = new RequestQueue(1, 10);
        var (holder, held) = await HoldAsync(queue);

        using var leaving = new CancellationTokenSource();
        var gone = Get("/kb");
        gone.RequestAborted = leaving.Token;
        var built = false;
        var waiting = new RequestQueueMiddleware(_ =>
        {
            built = true;
            return Task.CompletedTask;
        }, queue).InvokeAsync(gone);
        await leaving.CancelAsync();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(built);

        holder.Release.SetResult();
        await held;

        // The place is free again for the next person.
        var next = new HeldPage();
        var nextTask = new RequestQueueMiddleware(next.Run, queue).InvokeAsync(Get("/next"));
        await next.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        next.Release.SetResult();
        await nextTask;
    }

    [Fact]
    public async Task A_page_that_fails_gives_its_place_back()
    {
        using var queue = new RequestQueue(1, 0);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new RequestQueueMiddleware(_ => throw new InvalidOperationException("broken page"), queue).InvokeAsync(Get("/broken")));

        var after = Get("/kb");
        await new RequestQueueMiddleware(_ => Task.CompletedTask, queue).InvokeAsync(after);
        Assert.Equal(StatusCodes.Status200OK, after.Response.StatusCode);
    }

    /// <summary>A page that has taken a place and is being built until the test releases it.</summary>
    private static async Task<(HeldPage Page, Task Done)> HoldAsync(RequestQueue queue)
    {
        var page = new HeldPage();
        var done = new RequestQueueMiddleware(page.Run, queue).InvokeAsync(Get("/held"));
        await page.Entered.Task;
        return (page, done);
    }

    private static DefaultHttpContext Get(string path) => Get(path, out _);

    private static DefaultHttpContext Get(string path, out StartableResponse response)
    {
        var context = new DefaultHttpContext();
        response = new StartableResponse();
        context.Features.Set<IHttpResponseFeature>(response);
        context.Request.Method = "GET";
        context.Request.Path = path;
        return context;
    }

    /// <summary>A page that is being built until the test releases it.</summary>
    private sealed class HeldPage
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task Run(HttpContext context)
        {
            Entered.SetResult();
            await Release.Task;
        }
    }

    /// <summary>A response whose start (headers going out) the test decides, as Kestrel does on the first write.</summary>
    private sealed class StartableResponse : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _starting = [];

        public override void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

        public async Task StartAsync()
        {
            foreach (var (callback, state) in _starting)
            {
                await callback(state);
            }
        }
    }
}
