using Microsoft.Extensions.Primitives;

namespace Portal.Hosting.Security;

/// <summary>Headers every response carries (SECURITY.md): CSP without inline script, no framing, nosniff,
/// a strict referrer policy, and the caching rules of <see cref="PageCaching"/>.</summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            PageCaching.Apply(context);

            return Task.CompletedTask;
        });
        return next(context);
    }
}

/// <summary>
/// How long a browser may keep a page. Signed in: never stored. Anonymous GET pages that set nothing themselves
/// (no antiforgery form, which marks its page no-store): a private copy for a minute, so the back button does not
/// reload; the page depends on the language, text size and contrast cookies, hence <c>Vary</c>.
/// </summary>
internal static class PageCaching
{
    public const string Anonymous = "private, max-age=60";

    public static void Apply(HttpContext context)
    {
        var response = context.Response;
        var headers = response.Headers;
        if (context.User.Identity?.IsAuthenticated == true)
        {
            if (!headers.ContainsKey("Cache-Control"))
            {
                headers.CacheControl = "no-store";
            }

            return;
        }

        var isPage = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        if (!isPage || response.StatusCode != StatusCodes.Status200OK
            || response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) != true)
        {
            return;
        }

        if (!headers.ContainsKey("Cache-Control"))
        {
            headers.CacheControl = Anonymous;
        }

        if (!headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase))
        {
            if (StringValues.IsNullOrEmpty(headers.Vary))
            {
                headers.Vary = "Cookie, Accept-Language";
            }
            else if (!headers.Vary.ToString().Contains("Cookie", StringComparison.OrdinalIgnoreCase))
            {
                // Compression's Accept-Encoding stays (a copy served from the page cache already has both).
                headers.Vary = headers.Vary + ", Cookie, Accept-Language";
            }
        }
    }
}
