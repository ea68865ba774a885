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
    public IActionResult Show(int? status)
    {
        var code = status ?? StatusCodes.Status500InternalServerError;
        Response.StatusCode = code;
        ViewData["CorrelationId"] = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        return View("Error", code);
    }
}
