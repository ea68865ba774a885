using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Content.Models;
using Portal.Content.Resources;
using Portal.Content.Services;
using Portal.Content.ViewModels;
using Portal.Globalization;

namespace Portal.Content.Controllers;

/// <summary>Staff edit pages: both languages side by side, Markdown with a server-side preview.</summary>
[Area("Content")]
[Authorize(Policy = Permissions.ManageContentPolicy)]
[Route("/admin/pages")]
public sealed class PagesAdminController(PageEditor editor, PageHistoryReader history, IMarkdownRenderer markdown, IStringLocalizer<ContentStrings> T) : Controller
{
    private static string Culture => PortalCultures.Normalize(CultureInfo.CurrentUICulture.Name);

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await editor.ListAsync(Culture, cancellationToken));

    [HttpGet("new")]
    public IActionResult Create() => View("Edit", new PageEditViewModel { Form = new PageForm() });

    [HttpPost("new")]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Portal.Security.RateLimitPolicies.Posting)]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] PageForm form, string? command, CancellationToken cancellationToken)
    {
        if (command == "preview")
        {
            return View("Edit", Preview(null, form, PublishStatus.Draft, null));
        }

        var outcome = await editor.SaveAsync(null, form, publish: command == "publish", User.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken);
        if (!outcome.Succeeded)
        {
            AdminErrors.AddTo(ModelState, outcome.Errors, T);
            return View("Edit", new PageEditViewModel { Form = form });
        }

        TempData["Status"] = command == "publish" ? T["The page was published."].Value : T["The page was saved as a draft."].Value;
        return Redirect($"/admin/pages/{outcome.Id}");
    }

    [HttpGet("{id:long}")]
    public async Task<IActionResult> Edit(long id, CancellationToken cancellationToken)
    {
        var page = await editor.FindAsync(id, cancellationToken);
        return page is null ? NotFound() : View("Edit", ToViewModel(page, PageForm.From(page)));
    }

    [HttpPost("{id:long}")]
    public async Task<IActionResult> Edit(long id, [Bind(Prefix = "Form")] PageForm form, string? command, CancellationToken cancellationToken)
    {
        var page = await editor.FindAsync(id, cancellationToken);
        if (page is null)
        {
            return NotFound();
        }

        if (command == "preview")
        {
            return View("Edit", Preview(page, form, page.Status, page.UpdatedUtc));
        }

        var outcome = await editor.SaveAsync(id, form, publish: command == "publish", User.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken);
        if (!outcome.Succeeded)
        {
            AdminErrors.AddTo(ModelState, outcome.Errors, T);
            var current = await editor.FindAsync(id, cancellationToken);
            return View("Edit", ToViewModel(current ?? page, form));
        }

        TempData["Status"] = command == "publish" ? T["The page was published."].Value : T["Your changes were saved."].Value;
        return Redirect($"/admin/pages/{id}");
    }

    [HttpPost("{id:long}/unpublish")]
    public async Task<IActionResult> Unpublish(long id, CancellationToken cancellationToken)
    {
        if (await editor.FindAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        var outcome = await editor.UnpublishAsync(id, cancellationToken);
        TempData["Status"] = outcome.Succeeded ? T["The page is now a draft and no longer on the site."].Value : T[outcome.Errors[0].Message].Value;
        return Redirect($"/admin/pages/{id}");
    }

    [HttpGet("{id:long}/revisions")]
    public async Task<IActionResult> Revisions(long id, CancellationToken cancellationToken)
    {
        var model = await history.HistoryAsync(id, Culture, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpGet("{id:long}/revisions/{version:int}")]
    public async Task<IActionResult> Revision(long id, int version, CancellationToken cancellationToken)
    {
        var model = await history.RevisionAsync(id, version, Culture, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("{id:long}/revisions/{version:int}/restore")]
    public async Task<IActionResult> Restore(long id, int version, string? after, CancellationToken cancellationToken)
    {
        if (await editor.FindAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        if (RestoreOutcome.ParseStatus(after) is not { } choice)
        {
            TempData["Status"] = T["Choose whether the page stays as it is, is published or becomes a draft."].Value;
            return Redirect($"/admin/pages/{id}/revisions/{version}");
        }

        var outcome = await editor.RestoreAsync(id, version, choice, User.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken);
        if (!outcome.Succeeded)
        {
            TempData["Status"] = T[outcome.Errors[0].Message].Value;
            return Redirect($"/admin/pages/{id}/revisions");
        }

        TempData["Status"] = outcome.TextChanged
            ? T["Version {0} was restored as version {1}.", version, outcome.Version].Value
            : T["The text of version {0} is the same as the current text, so no new version was made.", version].Value;
        return Redirect($"/admin/pages/{id}");
    }

    [HttpGet("{id:long}/delete")]
    public async Task<IActionResult> Delete(long id, CancellationToken cancellationToken)
    {
        var page = await editor.FindAsync(id, cancellationToken);
        if (page is null)
        {
            return NotFound();
        }

        if (!PageEditor.CanDelete(page))
        {
            TempData["Status"] = T["The home page cannot be deleted; edit it instead."].Value;
            return Redirect($"/admin/pages/{id}");
        }

        return View("~/Areas/Content/Views/Shared/ConfirmDelete.cshtml",
            new DeleteViewModel(id, page.TitleFor(Culture)?.Text ?? page.Slug, T["page"], $"/admin/pages/{id}/delete", $"/admin/pages/{id}"));
    }

    [HttpPost("{id:long}/delete")]
    public async Task<IActionResult> DeleteConfirmed(long id, CancellationToken cancellationToken)
    {
        if (await editor.FindAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        var outcome = await editor.DeleteAsync(id, cancellationToken);
        TempData["Status"] = outcome.Succeeded ? T["The page was deleted."].Value : T[outcome.Errors[0].Message].Value;
        return Redirect(outcome.Succeeded ? "/admin/pages" : $"/admin/pages/{id}");
    }

    private PageEditViewModel Preview(Page? page, PageForm form, PublishStatus status, DateTimeOffset? updated) => new()
    {
        Id = page?.Id,
        Form = form,
        Status = status,
        UpdatedUtc = updated,
        CanDelete = page is null || PageEditor.CanDelete(page),
        Revisions = page?.Revisions ?? [],
        Version = page?.Version ?? 0,
        ShowPreview = true,
        PreviewZh = markdown.ToSafeHtml(form.BodyZh),
        PreviewEn = markdown.ToSafeHtml(form.BodyEn),
    };

    private static PageEditViewModel ToViewModel(Page page, PageForm form) => new()
    {
        Id = page.Id,
        Form = form,
        Status = page.Status,
        UpdatedUtc = page.UpdatedUtc,
        CanDelete = PageEditor.CanDelete(page),
        Revisions = [.. page.Revisions.OrderByDescending(r => r.Version)],
        Version = page.Version,
    };
}
