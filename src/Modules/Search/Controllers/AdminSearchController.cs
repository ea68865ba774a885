using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Search.Resources;
using Portal.Search.Services;
using Portal.Search.ViewModels;

namespace Portal.Search.Controllers;

[Area("Search")]
[Authorize(Policy = Permissions.ManageSearchPolicy)]
[Route("admin/search")]
public sealed class AdminSearchController(ISearchAdministration admin, IStringLocalizer<SearchStrings> T) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int? days, CancellationToken cancellationToken) =>
        View(await BuildAsync(days ?? 30, null, null, TempData["Message"] as string, cancellationToken));

    [HttpPost("synonyms")]
    public async Task<IActionResult> AddSynonym([FromForm] string? terms, CancellationToken cancellationToken)
    {
        if (!await admin.AddSynonymAsync(terms ?? "", cancellationToken))
        {
            return View("Index", await BuildAsync(30, terms, T["Enter at least two words separated by commas (at most 1000 characters)."], null, cancellationToken));
        }

        TempData["Message"] = T["Synonyms saved. They apply to searches at once."].Value;
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("synonyms/{id:long}")]
    public async Task<IActionResult> UpdateSynonym(long id, [FromForm] string? terms, CancellationToken cancellationToken)
    {
        var updated = await admin.UpdateSynonymAsync(id, terms ?? "", cancellationToken);
        if (updated is null)
        {
            return NotFound();
        }

        if (updated == false)
        {
            return View("Index", await BuildAsync(30, null, T["Enter at least two words separated by commas (at most 1000 characters)."], null, cancellationToken));
        }

        TempData["Message"] = T["Synonyms saved. They apply to searches at once."].Value;
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("synonyms/{id:long}/delete")]
    public async Task<IActionResult> DeleteSynonym(long id, CancellationToken cancellationToken)
    {
        if (!await admin.DeleteSynonymAsync(id, cancellationToken))
        {
            return NotFound();
        }

        TempData["Message"] = T["Synonym group deleted."].Value;
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("rebuild")]
    public IActionResult Rebuild()
    {
        TempData["Message"] = admin.StartRebuild()
            ? T["The index is being rebuilt. Searches keep working meanwhile."].Value
            : T["A rebuild is already running."].Value;
        return RedirectToAction(nameof(Index));
    }

    private async Task<SearchAdminViewModel> BuildAsync(int days, string? newSynonym, string? error, string? message, CancellationToken cancellationToken)
    {
        days = Math.Clamp(days, 1, 366);
        return new SearchAdminViewModel
        {
            Synonyms = await admin.GetSynonymsAsync(cancellationToken),
            TopQueries = await admin.GetTopQueriesAsync(days, 20, false, cancellationToken),
            ZeroHitQueries = await admin.GetTopQueriesAsync(days, 20, true, cancellationToken),
            Status = await admin.GetStatusAsync(cancellationToken),
            Days = days,
            NewSynonym = newSynonym,
            Error = error,
            Message = message,
        };
    }
}
