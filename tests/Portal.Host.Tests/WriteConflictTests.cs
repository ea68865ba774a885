using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Hosting.Security;

namespace Portal.Host.Tests;

/// <summary>A write that lost a race answers 409 (the error page explains it in the person's language), not 500;
/// every other fault goes on to the ordinary error handling.</summary>
public sealed class WriteConflictTests
{
    [Fact]
    public async Task A_change_refused_as_changed_since_it_was_read_answers_409_and_is_not_cached()
    {
        var context = new DefaultHttpContext();
        context.Response.Headers["Set-Cookie"] = "half-done=1";
        var middleware = new WriteConflictMiddleware(_ => throw new DbUpdateConcurrencyException("0 rows"), NullLogger<WriteConflictMiddleware>.Instance);

        await middleware.InvokeAsync(context);

        Assert.Equal(StatusCodes.Status409Conflict, context.Response.StatusCode);
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
        Assert.False(context.Response.Headers.ContainsKey("Set-Cookie"));
    }

    [Fact]
    public async Task Other_faults_are_not_turned_into_conflicts()
    {
        var middleware = new WriteConflictMiddleware(_ => throw new DbUpdateException("unique"), NullLogger<WriteConflictMiddleware>.Instance);

        await Assert.ThrowsAsync<DbUpdateException>(() => middleware.InvokeAsync(new DefaultHttpContext()));
    }
}
