using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Content;
using Portal.Data;
using Portal.Knowledge.Data;
using Portal.Knowledge.Models;

namespace Portal.Knowledge.Services;

public enum ArticleAction
{
    SubmitForReview,
    Publish,
    Unpublish,
    ReturnToDraft,

    /// <summary>Makes a published article's pending changes live.</summary>
    PublishChanges,

    /// <summary>Drops a published article's pending changes.</summary>
    DiscardChanges,
}

/// <summary>Staff use cases: write, review, publish and restore articles; upload files. Each change commits,
/// then the changed articles are queued for indexing.</summary>
public sealed class ArticleEditor(
    KnowledgeDbContext db,
    UploadValidator uploadValidator,
    ImageReencoder imageReencoder,
    IDataFolder dataFolder,
    KnowledgeIndexNotifier indexNotifier,
    TimeProvider clock,
    IMarkdownRenderer markdown)
{
    public const string CannotRenderMessage =
        "The article text cannot be shown: it has too many levels of quotes or lists inside each other. Use fewer levels.";

    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Saves the change and queues the article for search in one transaction: both commit, or neither.</summary>
    private async Task SaveAndIndexAsync(Article article, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await indexNotifier.ArticlesChangedAsync([article.Id], transaction.GetDbTransaction(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    // The same form sent twice at once (DoubleSubmits): the second run finds the slug taken or the content saved.
    public Task<KnowledgeResult> CreateAsync(ArticleInput input, string? userId, CancellationToken cancellationToken) =>
        db.OnceMoreIfRacedAsync(() => CreateOnceAsync(input, userId, cancellationToken), cancellationToken);

    public Task<KnowledgeResult> UpdateAsync(long id, ArticleInput input, string? userId, string? note, CancellationToken cancellationToken) =>
        db.OnceMoreIfRacedAsync(() => UpdateOnceAsync(id, input, userId, note, cancellationToken), cancellationToken);

    private async Task<KnowledgeResult> CreateOnceAsync(ArticleInput input, string? userId, CancellationToken cancellationToken)
    {
        var problems = await CheckAsync(input, null, cancellationToken);
        if (problems.Count > 0)
        {
            return KnowledgeResult.Fail(problems);
        }

        var article = Article.Create(input.Slug, input.Culture, input.TranslationKey, input.Content, userId, Now);
        db.Articles.Add(article);
        await SaveAndIndexAsync(article, cancellationToken);
        return KnowledgeResult.Ok(article.Id);
    }

    private async Task<KnowledgeResult> UpdateOnceAsync(long id, ArticleInput input, string? userId, string? note, CancellationToken cancellationToken)
    {
        var article = await db.Articles.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (article is null)
        {
            return KnowledgeResult.Fail("The article was not found.");
        }

        var problems = await CheckAsync(input, id, cancellationToken);
        if (problems.Count > 0)
        {
            return KnowledgeResult.Fail(problems);
        }

        if (article.Culture != input.Culture)
        {
            return KnowledgeResult.Fail("The language of a saved article cannot change. Create the translation as a new article.");
        }

        article.ChangeSlug(input.Slug);
        if (!string.IsNullOrWhiteSpace(input.TranslationKey))
        {
            article.LinkTranslation(input.TranslationKey);
        }

        // Only a real change of content makes a revision (compared with the pending draft when there is one).
        if (!article.EditingContent(await DraftAsync(article, cancellationToken)).SameAs(input.Content.Normalised()))
        {
            var revision = article.Revise(input.Content, userId, Now, note);
            db.Revisions.Add(revision);
        }

        await SaveAndIndexAsync(article, cancellationToken);
        return KnowledgeResult.Ok(article.Id);
    }

    public async Task<KnowledgeResult> ApplyAsync(long id, ArticleAction action, CancellationToken cancellationToken)
    {
        var article = await db.Articles.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (article is null)
        {
            return KnowledgeResult.Fail("The article was not found.");
        }

        try
        {
            switch (action)
            {
                case ArticleAction.SubmitForReview:
                    article.SubmitForReview(Now);
                    break;
                case ArticleAction.Publish:
                    article.Publish(Now);
                    break;
                case ArticleAction.Unpublish:
                    article.Unpublish(Now, await DraftAsync(article, cancellationToken));
                    break;
                case ArticleAction.PublishChanges:
                    article.PublishChanges(
                        await DraftAsync(article, cancellationToken) ?? throw new KnowledgeRuleException("There are no unpublished changes to publish."),
                        Now);
                    break;
                case ArticleAction.DiscardChanges:
                    article.DiscardChanges();
                    break;
                case ArticleAction.ReturnToDraft:
                    article.ReturnToDraft(Now);
                    break;
                default:
                    return KnowledgeResult.Fail("Unknown action.");
            }
        }
        catch (KnowledgeRuleException rule)
        {
            return KnowledgeResult.Fail(rule.Message);
        }

        await SaveAndIndexAsync(article, cancellationToken);
        return KnowledgeResult.Ok(article.Id);
    }

    /// <summary>The pending draft revision of a published article, or null.</summary>
    public async Task<ArticleRevision?> DraftAsync(Article article, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(article);
        return article.DraftRevision is { } number
            ? await db.Revisions.SingleOrDefaultAsync(r => r.ArticleId == article.Id && r.Number == number, cancellationToken)
            : null;
    }

    public async Task<KnowledgeResult> RestoreAsync(long id, int revisionNumber, string? userId, CancellationToken cancellationToken)
    {
        var article = await db.Articles.Include(a => a.Revisions).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        var revision = article?.Revisions.SingleOrDefault(r => r.Number == revisionNumber);
        if (article is null || revision is null)
        {
            return KnowledgeResult.Fail("The revision was not found.");
        }

        article.Restore(revision, userId, Now);
        await SaveAndIndexAsync(article, cancellationToken);
        return KnowledgeResult.Ok(article.Id);
    }

    public async Task<(KnowledgeResult Result, Attachment? Attachment)> UploadAsync(
        long articleId, string? fileName, long length, Stream content, string? userId, CancellationToken cancellationToken)
    {
        if (!await db.Articles.AnyAsync(a => a.Id == articleId, cancellationToken))
        {
            return (KnowledgeResult.Fail("The article was not found."), null);
        }

        // Check a seekable copy, never more than the limit (+1 byte, to notice a larger file).
        await using var buffer = new MemoryStream();
        await CopyAtMostAsync(content, buffer, uploadValidator.MaxBytes + 1, cancellationToken);
        var check = uploadValidator.Check(fileName, Math.Max(length, buffer.Length), buffer);
        if (!check.IsValid)
        {
            return (KnowledgeResult.Fail(check.Error!), null);
        }

        // Images are stored as decoded and re-encoded pixels only (no EXIF/GPS, no trailing data); other files as checked.
        var stored = buffer.ToArray();
        if (check.IsImage)
        {
            var image = imageReencoder.Reencode(stored, check);
            if (!image.Succeeded)
            {
                return (KnowledgeResult.Fail(image.Error!), null);
            }

            (stored, check) = (image.Bytes, image.Check!);
        }

        var attachment = Attachment.Create(articleId, check, userId, Now);
        var path = Path.Combine(dataFolder.GetFolder("uploads", "kb"), attachment.StoredName);
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            await file.WriteAsync(stored, cancellationToken);
        }

        try
        {
            db.Attachments.Add(attachment);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return (KnowledgeResult.Ok(articleId), attachment);
    }

    public async Task<KnowledgeResult> DeleteAttachmentAsync(long articleId, Guid attachmentId, CancellationToken cancellationToken)
    {
        var attachment = await db.Attachments.SingleOrDefaultAsync(a => a.Id == attachmentId && a.ArticleId == articleId, cancellationToken);
        if (attachment is null)
        {
            return KnowledgeResult.Fail("The file was not found.");
        }

        db.Attachments.Remove(attachment);
        await db.SaveChangesAsync(cancellationToken);
        var path = Path.Combine(dataFolder.GetFolder("uploads", "kb"), attachment.StoredName);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        return KnowledgeResult.Ok(articleId);
    }

    private async Task<List<string>> CheckAsync(ArticleInput input, long? existingId, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (!Slugs.IsValid(input.Slug))
        {
            problems.Add("The web address may contain only lower-case letters a–z, digits and hyphens.");
        }

        if (!Slugs.IsCulture(input.Culture))
        {
            problems.Add("Choose the language of the article: zh-HK or en.");
        }

        problems.AddRange(input.Content.Normalised().Validate());
        if (problems.Count > 0)
        {
            return problems;
        }

        if (!markdown.CanRender(input.Content.Body))
        {
            // Refused now, in words the editor understands, rather than an article page that fails for readers
            // and a search index that cannot take it.
            return [CannotRenderMessage];
        }

        if (await db.Articles.AnyAsync(a => a.Slug == input.Slug && a.Culture == input.Culture && a.Id != existingId, cancellationToken))
        {
            problems.Add("Another article in this language already uses this web address.");
        }

        if (input.Content.CategoryId is { } categoryId && !await db.Categories.AnyAsync(c => c.Id == categoryId, cancellationToken))
        {
            problems.Add("The category was not found.");
        }

        return problems;
    }


    private static async Task CopyAtMostAsync(Stream source, Stream target, long limit, CancellationToken cancellationToken)
    {
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while (total < limit && (read = await source.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - total)), cancellationToken)) > 0)
        {
            await target.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
            total += read;
        }
    }
}
