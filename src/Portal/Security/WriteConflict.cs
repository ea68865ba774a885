using Microsoft.EntityFrameworkCore;

namespace Portal.Hosting.Security;

/// <summary>
/// A change that lost a race with another change of the same thing (a double click, two tabs, two staff at once),
/// which the database refused as changed or removed since it was read, answers 409 with the error page in the
/// person's language ("changed at the same moment; nothing was lost; reload and check") instead of 500. Modules
/// still make their idempotent actions safe against a double submit (the double-submit test holds them to it);
/// this is the answer for what a module cannot settle by itself.
/// </summary>
internal sealed class WriteConflictMiddleware(RequestDelegate next, ILogger<WriteConflictMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (DbUpdateConcurrencyException ex) when (!context.Response.HasStarted)
        {
            logger.LogWarning(ex, "A change lost a race with another change of the same data: {Method} {Path} answered 409", context.Request.Method, context.Request.Path.Value);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            context.Response.Headers.CacheControl = "no-store";
        }
    }
}
