using Microsoft.AspNetCore.OutputCaching;
using Portal.Caching;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Portal.Content;
using Portal.Data;
using Portal.Globalization;
using Portal.Knowledge.Models;
using Portal.Knowledge.Services;
using Portal.Knowledge.ViewModels;
using Portal.Security;

namespace Portal.Knowledge.Controllers;

/// <summary>The public knowledge base: browse, read, print and download.</summary>
[Area("Knowledge")]
[AllowAnonymous]
public sealed class KnowledgeController : Controller
{
    private readonly KnowledgeReader _reader;
    private readonly IMarkdownRenderer _markdown;
    private readonly IDataFolder _dataFolder;
    private readonly IAuthorizationService _authorization;

    public KnowledgeController(KnowledgeReader reader, IMarkdownRenderer markdown, IDataFolder dataFolder, IAuthorizationService authorization)
    {
        _reader = reader;
        _markdown = markdown;
        _dataFolder = dataFolder;
        _authorization = authorization;
    }

    private static string Culture => PortalCultures.Normalize(CultureInfo.CurrentUICulture.Name);

    private bool SignedIn => User.Identity?.IsAuthenticated == true;

    [OutputCache(PolicyName = PageCache.AnonymousPage)]
    [HttpGet("/kb")]
    public async Task<IActionResult> Index(string? tag, string? condition, string? audience, CancellationToken cancellationToken)
    {
        var filter = new ArticleFilter(Clean(tag), Clean(condition), Clean(audience));
        return View(await BuildListAsync(filter, null, cancellationToken));
    }

    [OutputCache(PolicyName = PageCache.AnonymousPage)]
    [HttpGet("/kb/{category:regex(^[[a-z0-9-]]+$)}")]
    public async Task<IActionResult> Category(string category, string? tag, string? condition, string? audience, CancellationToken cancellationToken)
    {
        var found = await _reader.CategoryAsync(category, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }

        var filter = new ArticleFilter(Clean(tag), Clean(condition), Clean(audience), found.Id);
        return View(await BuildListAsync(filter, found, cancellationToken));
    }

    [OutputCache(PolicyName = PageCache.AnonymousPage)]
    [HttpGet("/kb/articles/{slug}")]
    public async Task<IActionResult> Article(string slug, CancellationToken cancellationToken)
    {
        if (!Slugs.IsValid(slug))
        {
            return NotFound();
        }

        var article = await _reader.PublishedBySlugAsync(slug, Culture, cancellationToken);
        if (article is null)
        {
            return NotFound();
        }

        if (!KnowledgeReader.CanRead(article, SignedIn))
        {
            return Challenge();
        }

        var categories = await _reader.CategoriesAsync(cancellationToken);
        if (article.Visibility == ArticleVisibility.MembersOnly)
        {
            Response.Headers.CacheControl = "no-store";
        }

        return View(new ArticleViewModel
        {
            Article = article,
            BodyHtml = _markdown.ToSafeHtml(article.Body, article.Culture),
            Category = categories.FirstOrDefault(c => c.Id == article.CategoryId),
            Translation = await _reader.TranslationAsync(article, cancellationToken),
            Attachments = await _reader.AttachmentsAsync(article.Id, cancellationToken),
        });
    }

    [HttpGet("/kb/files/{id:guid}")]
    public async Task<IActionResult> File(Guid id, CancellationToken cancellationToken)
    {
        var found = await _reader.AttachmentAsync(id, cancellationToken);
        if (found is not { } item)
        {
            return NotFound();
        }

        if (!KnowledgeReader.CanRead(item.Article, SignedIn))
        {
            // Staff may open files of drafts they are editing; anyone else gets sign-in or 404 (no hint that a draft exists).
            var staff = SignedIn && await _authorization.AuthorizeAsync(User, Permissions.ManageKnowledge);
            if (!staff)
            {
                return item.Article.Status == ArticleStatus.Published ? Challenge() : NotFound();
            }
        }

        var path = Path.Combine(_dataFolder.GetFolder("uploads", "kb"), item.Attachment.StoredName);
        if (!System.IO.File.Exists(path))
        {
            return NotFound();
        }

        Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        Response.Headers.CacheControl = item.Article.Visibility == ArticleVisibility.Public && item.Article.IsPublished ? "public, max-age=3600" : "private, no-store";

        // Only verified PNG/JPEG images are shown inline (they appear inside articles); every other file is a download.
        if (item.Attachment.Kind == AttachmentKind.Image)
        {
            var inline = new ContentDispositionHeaderValue("inline");
            inline.SetHttpFileName(item.Attachment.FileName);
            Response.Headers.ContentDisposition = inline.ToString();
            return PhysicalFile(path, item.Attachment.ContentType);
        }

        return PhysicalFile(path, item.Attachment.ContentType, item.Attachment.FileName);
    }

    private async Task<KnowledgeIndexViewModel> BuildListAsync(ArticleFilter filter, Category? category, CancellationToken cancellationToken)
    {
        var categories = await _reader.CategoriesAsync(cancellationToken);
        var (tags, conditions, audiences) = await _reader.TermsAsync(Culture, cancellationToken);
        return new KnowledgeIndexViewModel
        {
            Culture = Culture,
            Categories = categories,
            CategoriesById = categories.ToDictionary(c => c.Id),
            Category = category,
            Filter = filter,
            Articles = await _reader.PublishedAsync(Culture, filter, category is null && filter == new ArticleFilter() ? 12 : 100, cancellationToken),
            Tags = [.. tags.Take(30).Select(t => new TermCount(t.Term, t.Count))],
            Conditions = [.. conditions.Select(t => new TermCount(t.Term, t.Count))],
            Audiences = [.. audiences.Select(t => new TermCount(t.Term, t.Count))],
        };
    }

    private static string? Clean(string? term) =>
        string.IsNullOrWhiteSpace(term) || term.Length > 60 ? null : term.Trim().ToLowerInvariant();
}
