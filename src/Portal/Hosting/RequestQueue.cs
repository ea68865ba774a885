using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Portal.Data;

namespace Portal.Hosting;

/// <summary>
/// Pages are built a few at a time, first come first served (<c>Portal:RequestQueue</c>), as a Rails or PHP site
/// runs a fixed number of workers behind its web server. When fifty people ask at once, each page is built in one go
/// and sent, instead of all fifty being built side by side and all finishing late: the same pages a second, but a
/// person waits about as long as the queue ahead of them, and the slowest answers come much sooner (the measurements
/// are in the benchmarks README). Fewer pages in progress also means less memory in use and less contention.
/// <list type="bullet">
/// <item>Only GET and HEAD wait: a form or upload is read from the network at the sender's pace, and a slow phone
/// must not hold a place while it sends.</item>
/// <item>The place is given up as soon as the answer starts to go out (<see cref="HttpResponse.OnStarting(Func{Task})"/>),
/// so a slow reader of a long download holds nothing. A page is written to the network only when it is complete.</item>
/// <item>Health checks and error pages never wait: a node that is busy must still say it is alive, and a refused
/// request must still get its page.</item>
/// <item>When the queue is full, the answer is 503 with <c>Retry-After</c> (the site is overloaded: better a quick
/// "try again in a few seconds" than a page after a minute).</item>
/// </list>
/// </summary>
internal sealed class RequestQueue : IDisposable
{
    public const int RetryAfterSeconds = 5;

    private readonly ConcurrencyLimiter _limiter;

    public RequestQueue(IOptions<PortalOptions> options, IPortalDatabase database)
        : this(
            options.Value.RequestQueue.ConcurrentRequests > 0
                ? options.Value.RequestQueue.ConcurrentRequests
                : Automatic(Environment.ProcessorCount, database.Provider),
            options.Value.RequestQueue.QueueLimit)
    {
    }

    /// <param name="concurrentRequests">How many pages are built at once.</param>
    /// <param name="queueLimit">How many more may wait for a place before the rest are refused.</param>
    internal RequestQueue(int concurrentRequests, int queueLimit) =>
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, concurrentRequests),
            QueueLimit = Math.Max(0, queueLimit),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });

    /// <summary>
    /// SQLite is read inside the portal's own process, so building a page keeps a core busy from start to end: two per
    /// core keep both cores busy while one page is written out. A PostgreSQL page also waits for the database server
    /// over the network, and others use the core meanwhile: four per core.
    /// </summary>
    internal static int Automatic(int processors, DatabaseProvider provider) =>
        Math.Max(1, processors) * (provider == DatabaseProvider.Postgres ? 4 : 2);

    /// <summary>Whether this request waits for a place (see the class remarks for those that do not).</summary>
    internal static bool Waits(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && !context.Request.Path.StartsWithSegments("/health")
        && !context.Request.Path.StartsWithSegments("/error")
        && context.Features.Get<IStatusCodeReExecuteFeature>() is null
        && context.Features.Get<IExceptionHandlerPathFeature>() is null;

    /// <summary>A place, once one is free (a lease that is not acquired: the queue is full).</summary>
    public ValueTask<RateLimitLease> WaitAsync(CancellationToken cancellationToken) => _limiter.AcquireAsync(1, cancellationToken);

    public void Dispose() => _limiter.Dispose();
}

internal sealed class RequestQueueMiddleware(RequestDelegate next, RequestQueue queue)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!RequestQueue.Waits(context))
        {
            await next(context);
            return;
        }

        RateLimitLease lease;
        try
        {
            lease = await queue.WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the person left while waiting: nobody to answer
        }

        var place = new Place(lease);
        try
        {
            if (!lease.IsAcquired)
            {
                // No body: the status-code pages show the error page ("very busy") in the site's layout.
                Security.RateLimitRejection.Refuse(context, RequestQueue.RetryAfterSeconds, StatusCodes.Status503ServiceUnavailable);
                return;
            }

            context.Response.OnStarting(static state =>
            {
                ((Place)state).Leave();
                return Task.CompletedTask;
            }, place);
            await next(context);
        }
        finally
        {
            place.Leave();
        }
    }

    /// <summary>Gives the place back once, when the answer starts or the request ends, whichever is first.</summary>
    private sealed class Place(RateLimitLease lease)
    {
        private int _left;

        public void Leave()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                lease.Dispose();
            }
        }
    }
}
