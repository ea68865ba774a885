using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Impact.Services;

namespace Portal.Impact.Controllers;

/// <summary>The public "our impact" page: only the figures staff chose to publish.</summary>
[Area("Impact")]
[AllowAnonymous]
public sealed class PublicImpactController(PublicImpactService impact) : Controller
{
    [HttpGet("/impact")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await impact.GetAsync(ct));
}
