using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portal.Resources;

namespace Portal.Hosting.Security;

/// <summary>429 with Retry-After and the site's error page in the person's language (ASP.NET's default is a bare 503).</summary>
internal static class RateLimitRejection
{
    /// <summary>The waiting time in seconds, for the error page (which the status-code pages show in the site's layout).</summary>
    public const string RetryAfterItem = "Portal.RetryAfterSeconds";

    public static async ValueTask WriteAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter)
            ? (int)Math.Ceiling(retryAfter.TotalSeconds)
            : (int?)null;
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            if (seconds is { } wait)
            {
                http.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var t = http.RequestServices.GetRequiredService<IStringLocalizer<HostStrings>>();
            await http.Response.WriteAsJsonAsync(
                new { title = t["Please slow down"].Value, detail = t["You have tried this many times in a short while. Please wait a minute and try again."].Value, status = 429 },
                cancellationToken);
            return;
        }

        // No body: the status-code pages show the error page in the site's layout, with the real waiting time.
        Refuse(http, seconds);
    }

    /// <summary>Answers 429 (or <paramref name="status"/>: 503 when the request queue is full) with Retry-After and
    /// leaves the page to the status-code pages (the site's layout).</summary>
    public static void Refuse(HttpContext http, int? seconds, int status = StatusCodes.Status429TooManyRequests)
    {
        http.Response.StatusCode = status;
        if (seconds is { } wait)
        {
            http.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Items[RetryAfterItem] = wait;
        }
    }
}
