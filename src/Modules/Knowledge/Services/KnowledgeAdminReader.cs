using Microsoft.EntityFrameworkCore;
using Portal.Knowledge.Data;
using Portal.Knowledge.Models;

namespace Portal.Knowledge.Services;

/// <summary>What the staff pages read: every article, whatever its status.</summary>
public sealed class KnowledgeAdminReader(KnowledgeDbContext db)
{
    public async Task<List<Article>> ListAsync(ArticleStatus? status, string? culture, CancellationToken cancellationToken)
    {
        var query = db.Articles.AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(a => a.Status == s);
        }

        if (Slugs.IsCulture(culture))
        {
            query = query.Where(a => a.Culture == culture);
        }

        return await query.OrderByDescending(a => a.UpdatedUtc).ThenBy(a => a.Id).Take(500).ToListAsync(cancellationToken);
    }

    public async Task<Dictionary<ArticleStatus, int>> CountsAsync(CancellationToken cancellationToken) =>
        await db.Articles.AsNoTracking().GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    public Task<Article?> FindAsync(long id, CancellationToken cancellationToken) =>
        db.Articles.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);

    public Task<List<ArticleRevision>> RevisionsAsync(long id, CancellationToken cancellationToken) =>
        db.Revisions.AsNoTracking().Where(r => r.ArticleId == id).OrderByDescending(r => r.Number).ToListAsync(cancellationToken);

    public Task<ArticleRevision?> RevisionAsync(long id, int number, CancellationToken cancellationToken) =>
        db.Revisions.AsNoTracking().SingleOrDefaultAsync(r => r.ArticleId == id && r.Number == number, cancellationToken);

    public Task<List<Attachment>> AttachmentsAsync(long id, CancellationToken cancellationToken) =>
        db.Attachments.AsNoTracking().Where(a => a.ArticleId == id).OrderBy(a => a.UploadedUtc).ToListAsync(cancellationToken);

    public Task<List<Category>> CategoriesAsync(CancellationToken cancellationToken) =>
        db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Slug).ToListAsync(cancellationToken);
}
