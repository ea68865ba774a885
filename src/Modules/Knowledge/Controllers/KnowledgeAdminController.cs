using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Content;
using Portal.Knowledge.Models;
using Portal.Knowledge.Services;
using Portal.Knowledge.ViewModels;
using Portal.Security;

namespace Portal.Knowledge.Controllers;

/// <summary>Staff pages: write, review, publish and restore articles; upload files; live Markdown preview.</summary>
[Area("Knowledge")]
[Authorize(Policy = Permissions.ManagePolicy)]
[Route("admin/kb")]
public sealed class KnowledgeAdminController(
    ArticleEditor editor,
    KnowledgeAdminReader reader,
    IMarkdownRenderer markdownRenderer,
    IAuthorizationService authorization,
    IStringLocalizer<KnowledgeStrings> T) : Controller
{
    private const long UploadRequestLimit = 64L * 1024 * 1024;

    [TempData]
    public string? Message { get; set; }

    private string? UserId => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? status, string? culture, CancellationToken cancellationToken)
    {
        ArticleStatus? wanted = Enum.TryParse<ArticleStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
        return View(new AdminArticleListViewModel
        {
            Articles = await reader.ListAsync(wanted, culture, cancellationToken),
            Status = wanted,
            Culture = Slugs.IsCulture(culture) ? culture : null,
            Counts = await reader.CountsAsync(cancellationToken),
        });
    }

    [HttpGet("new")]
    public async Task<IActionResult> Create(string? culture, string? translationKey, CancellationToken cancellationToken) =>
        View("Edit", await EditModelAsync(null, new ArticleFormModel { Culture = Slugs.IsCulture(culture) ? culture : Portal.Globalization.PortalCultures.Chinese, TranslationKey = translationKey }, [], cancellationToken));

    [HttpPost("new")]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Portal.Security.RateLimitPolicies.Posting)]
    public async Task<IActionResult> Create(ArticleFormModel form, CancellationToken cancellationToken)
    {
        var result = await editor.CreateAsync(form.ToInput(), UserId, cancellationToken);
        if (!result.Succeeded)
        {
            return View("Edit", await EditModelAsync(null, form, result.Errors, cancellationToken));
        }

        Message = T["The draft was saved."];
        return RedirectToAction(nameof(Edit), new { id = result.Id });
    }

    [HttpGet("{id:long}")]
    public async Task<IActionResult> Edit(long id, CancellationToken cancellationToken)
    {
        var article = await reader.FindAsync(id, cancellationToken);
        return article is null
            ? NotFound()
            : View(await EditModelAsync(id, ArticleFormModel.From(article, await editor.DraftAsync(article, cancellationToken)), [], cancellationToken));
    }

    [HttpPost("{id:long}")]
    public async Task<IActionResult> Edit(long id, ArticleFormModel form, string? intent, CancellationToken cancellationToken)
    {
        var result = await editor.UpdateAsync(id, form.ToInput(), UserId, form.Note, cancellationToken);
        if (!result.Succeeded)
        {
            return await reader.FindAsync(id, cancellationToken) is null
                ? NotFound()
                : View(await EditModelAsync(id, form, result.Errors, cancellationToken));
        }

        if (intent == "review")
        {
            return await ApplyAsync(id, ArticleAction.SubmitForReview, "The article was saved and sent for review.", cancellationToken);
        }

        if (intent == "publish" && await CanPublishAsync())
        {
            var saved = await reader.FindAsync(id, cancellationToken);
            return saved is { IsPublished: true }
                ? saved.HasUnpublishedChanges
                    ? await ApplyAsync(id, ArticleAction.PublishChanges, "The changes were saved and published.", cancellationToken)
                    : await ApplyAsync(id, ArticleAction.PublishChanges, "There were no changes to publish.", cancellationToken, quietFailure: true)
                : await ApplyAsync(id, ArticleAction.Publish, "The article was saved and published.", cancellationToken);
        }

        var article = await reader.FindAsync(id, cancellationToken);
        Message = article is { HasUnpublishedChanges: true }
            ? T["The changes were saved as a draft. Readers still see the published text until the changes are published."]
            : T["The changes were saved."];
        return RedirectToAction(nameof(Edit), new { id });
    }

    [HttpPost("{id:long}/review")]
    public Task<IActionResult> SubmitForReview(long id, CancellationToken cancellationToken) =>
        ApplyAsync(id, ArticleAction.SubmitForReview, "The article was sent for review.", cancellationToken);

    [HttpPost("{id:long}/publish")]
    [Authorize(Policy = Permissions.PublishPolicy)]
    public Task<IActionResult> Publish(long id, CancellationToken cancellationToken) =>
        ApplyAsync(id, ArticleAction.Publish, "The article was published.", cancellationToken);

    [HttpPost("{id:long}/unpublish")]
    [Authorize(Policy = Permissions.PublishPolicy)]
    public Task<IActionResult> Unpublish(long id, CancellationToken cancellationToken) =>
        ApplyAsync(id, ArticleAction.Unpublish, "The article was unpublished.", cancellationToken);

    [HttpPost("{id:long}/publish-changes")]
    [Authorize(Policy = Permissions.PublishPolicy)]
    public Task<IActionResult> PublishChanges(long id, CancellationToken cancellationToken) =>
        ApplyAsync(id, ArticleAction.PublishChanges, "The changes were published.", cancellationToken);

    [HttpPost("{id:long}/discard-changes")]
    public Task<IActionResult> DiscardChanges(long id, CancellationToken cancellationToken) =>
        ApplyAsync(id, ArticleAction.DiscardChanges, "The unpublished changes were discarded. Readers see the published text.", cancellationToken);

    [HttpPost("{id:long}/draft")]
    [Authorize(Policy = Permissions.PublishPolicy)]
    public Task<IActionResult> ReturnToDraft(long id, CancellationToken cancellationToken) =>
        ApplyAsync(id, ArticleAction.ReturnToDraft, "The article was returned to draft.", cancellationToken);

    [HttpGet("{id:long}/revisions")]
    public async Task<IActionResult> Revisions(long id, CancellationToken cancellationToken)
    {
        var article = await reader.FindAsync(id, cancellationToken);
        return article is null
            ? NotFound()
            : View(new RevisionsViewModel { Article = article, Revisions = await reader.RevisionsAsync(id, cancellationToken) });
    }

    [HttpGet("{id:long}/revisions/{number:int}")]
    public async Task<IActionResult> Revision(long id, int number, CancellationToken cancellationToken)
    {
        var article = await reader.FindAsync(id, cancellationToken);
        var revision = await reader.RevisionAsync(id, number, cancellationToken);
        return article is null || revision is null
            ? NotFound()
            : View(new RevisionViewModel { Article = article, Revision = revision, BodyHtml = markdownRenderer.ToSafeHtml(revision.Body) });
    }

    [HttpPost("{id:long}/revisions/{number:int}/restore")]
    public async Task<IActionResult> Restore(long id, int number, CancellationToken cancellationToken)
    {
        var result = await editor.RestoreAsync(id, number, UserId, cancellationToken);
        if (!result.Succeeded)
        {
            return NotFound();
        }

        Message = T["Revision {0} was restored as a new revision.", number];
        return RedirectToAction(nameof(Edit), new { id });
    }

    [HttpPost("{id:long}/files")]
    [RequestSizeLimit(UploadRequestLimit)]
    [RequestFormLimits(MultipartBodyLengthLimit = UploadRequestLimit)]
    public async Task<IActionResult> Upload(long id, IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            Message = T["Choose a file to upload."];
            return RedirectToAction(nameof(Edit), new { id });
        }

        await using var stream = file.OpenReadStream();
        var (result, attachment) = await editor.UploadAsync(id, file.FileName, file.Length, stream, UserId, cancellationToken);
        if (!result.Succeeded)
        {
            if (result.Errors[0] == "The article was not found.")
            {
                return NotFound();
            }

            Message = T[result.Errors[0]];
            return RedirectToAction(nameof(Edit), new { id });
        }

        Message = attachment!.Kind == AttachmentKind.Image
            ? T["The image was uploaded. Put it in the text with: {0}", $"![]({FileUrl(attachment)})"]
            : T["The file was uploaded: {0}", attachment.FileName];
        return RedirectToAction(nameof(Edit), new { id });
    }

    [HttpPost("{id:long}/files/{fileId:guid}/delete")]
    public async Task<IActionResult> DeleteFile(long id, Guid fileId, CancellationToken cancellationToken)
    {
        var result = await editor.DeleteAttachmentAsync(id, fileId, cancellationToken);
        if (!result.Succeeded)
        {
            return NotFound();
        }

        Message = T["The file was removed."];
        return RedirectToAction(nameof(Edit), new { id });
    }

    /// <summary>Live preview for the editor's script: sanitised HTML of the posted Markdown. The antiforgery
    /// token comes in the <c>RequestVerificationToken</c> header.</summary>
    [HttpPost("preview")]
    [RequestSizeLimit(1024 * 1024)]
    public IActionResult Preview([FromForm] string? markdown)
    {
        Response.Headers.CacheControl = "no-store";
        return Content(markdownRenderer.ToSafeHtml(markdown), "text/html; charset=utf-8");
    }

    public static string FileUrl(Attachment attachment) => $"/kb/files/{attachment.Id}";

    private async Task<IActionResult> ApplyAsync(long id, ArticleAction action, string success, CancellationToken cancellationToken, bool quietFailure = false)
    {
        var result = await editor.ApplyAsync(id, action, cancellationToken);
        if (!result.Succeeded && result.Errors[0] == "The article was not found.")
        {
            return NotFound();
        }

        Message = result.Succeeded || quietFailure ? T[success] : T[result.Errors[0]];
        return RedirectToAction(nameof(Edit), new { id });
    }

    private Task<bool> CanPublishAsync() => authorization.AuthorizeAsync(User, Permissions.PublishKnowledge);

    private async Task<ArticleEditViewModel> EditModelAsync(long? id, ArticleFormModel form, IReadOnlyList<string> errors, CancellationToken cancellationToken) => new()
    {
        Id = id,
        Form = form,
        Article = id is { } i ? await reader.FindAsync(i, cancellationToken) : null,
        Categories = await reader.CategoriesAsync(cancellationToken),
        Attachments = id is { } a ? await reader.AttachmentsAsync(a, cancellationToken) : [],
        CanPublish = await CanPublishAsync(),
        Errors = [.. errors.Select(e => T[e].Value)],
    };
}
