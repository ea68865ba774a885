using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Security;

namespace Portal.Hosting.Controllers;

/// <summary>The admin area's front page; each module contributes its menu items.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "AccessAdmin")]
public sealed class AdminController : Controller
{
    [HttpGet("/admin")]
    public IActionResult Index() => View();
}
