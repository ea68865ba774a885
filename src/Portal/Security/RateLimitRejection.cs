using System.Net;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portal.Resources;

namespace Portal.Hosting.Security;

/// <summary>429 with a plain page in the person's language (ASP.NET's default is a bare 503).</summary>
internal static class RateLimitRejection
{
    public static async ValueTask WriteAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (context.Lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var t = http.RequestServices.GetRequiredService<IStringLocalizer<HostStrings>>();
        var title = t["Please slow down"];
        var message = t["You have tried this many times in a short while. Please wait a minute and try again."];
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await http.Response.WriteAsJsonAsync(new { title = title.Value, detail = message.Value, status = 429 }, cancellationToken);
            return;
        }

        http.Response.ContentType = "text/html; charset=utf-8";
        var lang = System.Globalization.CultureInfo.CurrentUICulture.Name;
        await http.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"{WebUtility.HtmlEncode(lang)}\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title>" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>" +
            $"<body><main><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(message)}</p><p><a href=\"/\">{WebUtility.HtmlEncode(t["Home"])}</a></p></main></body></html>",
            cancellationToken);
    }
}
