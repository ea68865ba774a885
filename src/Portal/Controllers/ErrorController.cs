using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Portal.Hosting.Controllers;

/// <summary>Plain error pages with a correlation id; never the exception.</summary>
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorController : Controller
{
    [Route("/error/{status:int?}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Show()
    {
        // From the route only, and without model binding: a re-executed error page sees the original request's body,
        // which may be the very form that could not be read (too many fields, broken multipart, UTF-7, "[" in a
        // name): binding any parameter would read it again and turn a 400 into a 500. It may also carry a field
        // named "status".
        var code = RouteData.Values["status"] is string text
            && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var status)
            && status is >= 400 and <= 599
            ? status
            : StatusCodes.Status500InternalServerError;

        // Asked for directly (not re-executed after an error or for a status code): there is no error to show.
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null
            && HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>() is null)
        {
            code = StatusCodes.Status404NotFound;
        }
        Response.StatusCode = code;
        if (code is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable
            && HttpContext.Items[Security.RateLimitRejection.RetryAfterItem] is int wait)
        {
            // A rate limit (429) or a full request queue (503): the status-code pages cleared the header.
            Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ViewData["RetryAfterMinutes"] = Math.Max(1, (int)Math.Ceiling(wait / 60.0));
        }

        // The pages that say "go back" link there: to the page of this site the person came from (usually the form),
        // taken from the Referer (sent for this site's own pages under the site's referrer policy). Never another
        // site's address, and never an error page.
        if (code is not (StatusCodes.Status404NotFound or StatusCodes.Status403Forbidden))
        {
            ViewData["BackUrl"] = BackUrl();
        }

        ViewData["CorrelationId"] = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        return View("Error", code);
    }

    private string? BackUrl()
    {
        if (!Uri.TryCreate(Request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
            || referer.Scheme is not ("http" or "https")
            || !string.Equals(referer.Authority, Request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var local = referer.PathAndQuery;
        return Url.IsLocalUrl(local) && !local.StartsWith("/error", StringComparison.OrdinalIgnoreCase) ? local : null;
    }
}
