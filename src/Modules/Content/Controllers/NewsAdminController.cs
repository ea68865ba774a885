using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Content.Models;
using Portal.Content.Resources;
using Portal.Content.Services;
using Portal.Content.ViewModels;
using Portal.Globalization;

namespace Portal.Content.Controllers;

/// <summary>Staff write news items in both languages.</summary>
[Area("Content")]
[Authorize(Policy = Permissions.ManageContentPolicy)]
[Route("/admin/news")]
public sealed class NewsAdminController(NewsEditor editor, IMarkdownRenderer markdown, IStringLocalizer<ContentStrings> T) : Controller
{
    private static string Culture => PortalCultures.Normalize(CultureInfo.CurrentUICulture.Name);

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await editor.ListAsync(Culture, cancellationToken));

    [HttpGet("new")]
    public IActionResult Create() => View("Edit", new NewsEditViewModel
    {
        Form = new NewsForm { PublishDate = editor.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
    });

    [HttpPost("new")]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Portal.Security.RateLimitPolicies.Posting)]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] NewsForm form, string? command, CancellationToken cancellationToken)
    {
        if (command == "preview")
        {
            return View("Edit", Preview(null, form));
        }

        var outcome = await editor.SaveAsync(null, form, publish: command == "publish", cancellationToken);
        if (!outcome.Succeeded)
        {
            AdminErrors.AddTo(ModelState, outcome.Errors, T);
            return View("Edit", new NewsEditViewModel { Form = form });
        }

        TempData["Status"] = command == "publish" ? T["The news item was published."].Value : T["The news item was saved as a draft."].Value;
        return Redirect($"/admin/news/{outcome.Id}");
    }

    [HttpGet("{id:long}")]
    public async Task<IActionResult> Edit(long id, CancellationToken cancellationToken)
    {
        var item = await editor.FindAsync(id, cancellationToken);
        return item is null ? NotFound() : View("Edit", ToViewModel(item, NewsForm.From(item)));
    }

    [HttpPost("{id:long}")]
    public async Task<IActionResult> Edit(long id, [Bind(Prefix = "Form")] NewsForm form, string? command, CancellationToken cancellationToken)
    {
        var item = await editor.FindAsync(id, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        if (command == "preview")
        {
            return View("Edit", Preview(item, form));
        }

        var outcome = await editor.SaveAsync(id, form, publish: command == "publish", cancellationToken);
        if (!outcome.Succeeded)
        {
            AdminErrors.AddTo(ModelState, outcome.Errors, T);
            return View("Edit", ToViewModel(item, form));
        }

        TempData["Status"] = command == "publish" ? T["The news item was published."].Value : T["Your changes were saved."].Value;
        return Redirect($"/admin/news/{id}");
    }

    [HttpPost("{id:long}/unpublish")]
    public async Task<IActionResult> Unpublish(long id, CancellationToken cancellationToken)
    {
        if (await editor.FindAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        var outcome = await editor.UnpublishAsync(id, cancellationToken);
        TempData["Status"] = outcome.Succeeded ? T["The news item is now a draft and no longer on the site."].Value : T[outcome.Errors[0].Message].Value;
        return Redirect($"/admin/news/{id}");
    }

    [HttpGet("{id:long}/delete")]
    public async Task<IActionResult> Delete(long id, CancellationToken cancellationToken)
    {
        var item = await editor.FindAsync(id, cancellationToken);
        return item is null
            ? NotFound()
            : View("~/Areas/Content/Views/Shared/ConfirmDelete.cshtml",
                new DeleteViewModel(id, item.TitleFor(Culture)?.Text ?? item.Slug, T["news item"], $"/admin/news/{id}/delete", $"/admin/news/{id}"));
    }

    [HttpPost("{id:long}/delete")]
    public async Task<IActionResult> DeleteConfirmed(long id, CancellationToken cancellationToken)
    {
        if (await editor.FindAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        await editor.DeleteAsync(id, cancellationToken);
        TempData["Status"] = T["The news item was deleted."].Value;
        return Redirect("/admin/news");
    }

    private NewsEditViewModel Preview(NewsItem? item, NewsForm form) => new()
    {
        Id = item?.Id,
        Form = form,
        Status = item?.Status ?? PublishStatus.Draft,
        UpdatedUtc = item?.UpdatedUtc,
        ShowPreview = true,
        PreviewZh = markdown.ToSafeHtml(form.BodyZh),
        PreviewEn = markdown.ToSafeHtml(form.BodyEn),
    };

    private static NewsEditViewModel ToViewModel(NewsItem item, NewsForm form) => new()
    {
        Id = item.Id,
        Form = form,
        Status = item.Status,
        UpdatedUtc = item.UpdatedUtc,
    };
}
