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
    public IActionResult Show([FromRoute] int? status)
    {
        // From the route only: the failed request's own form may carry a field named "status" (re-executed
        // error pages see the original request's body).
        var code = status is >= 400 and <= 599 ? status.Value : StatusCodes.Status500InternalServerError;
        Response.StatusCode = code;
        ViewData["CorrelationId"] = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        return View("Error", code);
    }
}
