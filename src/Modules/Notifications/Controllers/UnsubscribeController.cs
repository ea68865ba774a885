using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Notifications.Services;
using Portal.Notifications.ViewModels;

namespace Portal.Notifications.Controllers;

/// <summary>
/// One-click unsubscribe from an e-mail link, without signing in: the signed token names the person and the kind.
/// GET (the link) and POST (RFC 8058 <c>List-Unsubscribe-Post</c>, sent by mail programs without a form token)
/// both turn the kind off; a forged or altered token changes nothing and says so.
/// </summary>
[Area("Notifications")]
[AllowAnonymous]
internal sealed class UnsubscribeController : Controller
{
    private readonly UnsubscribeTokens _tokens;
    private readonly NotificationCenter _center;
    private readonly Portal.People.IPersonDirectory _people;

    public UnsubscribeController(UnsubscribeTokens tokens, NotificationCenter center, Portal.People.IPersonDirectory people)
    {
        _tokens = tokens;
        _center = center;
        _people = people;
    }

    [AllowAnonymous]
    [HttpGet("/unsubscribe/{token}")]
    public Task<IActionResult> Index(string token, CancellationToken cancellationToken) => ApplyAsync(token, cancellationToken);

    [AllowAnonymous]
    [IgnoreAntiforgeryToken]
    [HttpPost("/unsubscribe/{token}")]
    public Task<IActionResult> OneClick(string token, CancellationToken cancellationToken) => ApplyAsync(token, cancellationToken);

    private async Task<IActionResult> ApplyAsync(string token, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        var request = _tokens.Read(token);
        if (request is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", new UnsubscribeViewModel(false, []));
        }

        if (await _people.FindAsync(request.UserId, cancellationToken) is null)
        {
            // The account was deleted since the e-mail was sent: nothing is sent to it any more, and nothing is stored.
            return View("Index", new UnsubscribeViewModel(true, []));
        }

        var labels = await _center.UnsubscribeAsync(request, ClaimsExtensions.CurrentCulture(), cancellationToken);
        return View("Index", new UnsubscribeViewModel(true, labels));
    }
}
