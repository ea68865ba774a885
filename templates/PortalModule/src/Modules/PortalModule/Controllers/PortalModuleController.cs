using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Portal.PortalModule.Controllers;

/// <summary>
/// Thin: pages ask the module's services and show the result. Every action says who may use it
/// (an architecture test enumerates every endpoint against every role).
/// </summary>
[Area("PortalModule")]
public sealed class PortalModuleController : Controller
{
    [HttpGet("/portalmodule")]
    [AllowAnonymous]
    public IActionResult Index() => View();

    [HttpGet("/admin/portalmodule")]
    [Authorize(Policy = Permissions.ManagePolicy)]
    public IActionResult Admin() => View();
}
