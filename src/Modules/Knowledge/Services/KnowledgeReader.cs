using Microsoft.EntityFrameworkCore;
using Portal.Globalization;
using Portal.Knowledge.Data;
using Portal.Knowledge.Models;

namespace Portal.Knowledge.Services;

/// <summary>Filters a reader can apply on <c>/kb</c>.</summary>
public sealed record ArticleFilter(string? Tag = null, string? Condition = null, string? Audience = null, long? CategoryId = null);

/// <summary>What the public pages read. Only published articles are ever returned; members-only articles only
/// to signed-in readers (the one object-level rule of this module, also used by downloads and search).</summary>
public sealed class KnowledgeReader(KnowledgeDbContext db)
{
    public static bool CanRead(Article article, bool signedIn) =>
        article.Status == ArticleStatus.Published
        && (article.Visibility == ArticleVisibility.Public || signedIn);

    public Task<List<Category>> CategoriesAsync(CancellationToken cancellationToken) =>
        db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Slug).ToListAsync(cancellationToken);

    public Task<Category?> CategoryAsync(string slug, CancellationToken cancellationToken) =>
        db.Categories.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == slug, cancellationToken);

    /// <summary>Published articles in a language, newest first, filtered. Members-only ones are listed too
    /// (marked), so members know they exist; opening them asks for sign-in.</summary>
    public async Task<List<Article>> PublishedAsync(string culture, ArticleFilter filter, int take, CancellationToken cancellationToken)
    {
        var query = db.Articles.AsNoTracking().Where(a => a.Status == ArticleStatus.Published && a.Culture == culture);
        if (filter.CategoryId is { } categoryId)
        {
            query = query.Where(a => a.CategoryId == categoryId);
        }

        var articles = await query.OrderByDescending(a => a.PublishedUtc).ThenBy(a => a.Id).ToListAsync(cancellationToken);

        // Term filters run in memory: the lists are JSON columns and the published set is small.
        return [.. articles
            .Where(a => Matches(a.Tags, filter.Tag) && Matches(a.Conditions, filter.Condition) && Matches(a.Audiences, filter.Audience))
            .Take(take)];
    }

    /// <summary>Every tag, condition and audience used by published articles in a language, with counts.</summary>
    public async Task<(IReadOnlyList<(string Term, int Count)> Tags, IReadOnlyList<(string Term, int Count)> Conditions, IReadOnlyList<(string Term, int Count)> Audiences)> TermsAsync(
        string culture, CancellationToken cancellationToken)
    {
        var articles = await db.Articles.AsNoTracking()
            .Where(a => a.Status == ArticleStatus.Published && a.Culture == culture)
            .Select(a => new { a.Tags, a.Conditions, a.Audiences })
            .ToListAsync(cancellationToken);
        return (Count(articles.SelectMany(a => a.Tags)), Count(articles.SelectMany(a => a.Conditions)), Count(articles.SelectMany(a => a.Audiences)));
    }

    /// <summary>The published article with this slug, preferring the reader's language.</summary>
    public async Task<Article?> PublishedBySlugAsync(string slug, string culture, CancellationToken cancellationToken)
    {
        var candidates = await db.Articles.AsNoTracking()
            .Where(a => a.Slug == slug && a.Status == ArticleStatus.Published)
            .ToListAsync(cancellationToken);
        return candidates.FirstOrDefault(a => a.Culture == culture) ?? candidates.FirstOrDefault();
    }

    /// <summary>The published version of the article in the other language, if any.</summary>
    public Task<Article?> TranslationAsync(Article article, CancellationToken cancellationToken)
    {
        var other = article.Culture == PortalCultures.English ? PortalCultures.Chinese : PortalCultures.English;
        return db.Articles.AsNoTracking()
            .Where(a => a.TranslationKey == article.TranslationKey && a.Culture == other && a.Status == ArticleStatus.Published)
            .OrderBy(a => a.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public Task<List<Attachment>> AttachmentsAsync(long articleId, CancellationToken cancellationToken) =>
        db.Attachments.AsNoTracking().Where(a => a.ArticleId == articleId).OrderBy(a => a.UploadedUtc).ToListAsync(cancellationToken);

    public async Task<(Attachment Attachment, Article Article)?> AttachmentAsync(Guid id, CancellationToken cancellationToken)
    {
        var attachment = await db.Attachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (attachment is null)
        {
            return null;
        }

        var article = await db.Articles.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attachment.ArticleId, cancellationToken);
        return article is null ? null : (attachment, article);
    }

    private static bool Matches(List<string> terms, string? wanted) =>
        string.IsNullOrWhiteSpace(wanted) || terms.Contains(wanted.Trim().ToLowerInvariant());

    private static List<(string Term, int Count)> Count(IEnumerable<string> terms) =>
        [.. terms.GroupBy(t => t, StringComparer.Ordinal).Select(g => (g.Key, g.Count())).OrderByDescending(t => t.Item2).ThenBy(t => t.Key, StringComparer.Ordinal)];
}
