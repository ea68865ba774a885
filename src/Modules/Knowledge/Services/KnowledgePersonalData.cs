using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Knowledge.Data;
using Portal.Privacy;

namespace Portal.Knowledge.Services;

/// <summary>
/// The knowledge base's part of a person's data export and erasure (PDPO). The only personal data here is who
/// wrote an article revision and who uploaded a file. Articles are the organisation's published work, so erasure
/// keeps the text, revisions and files and removes the link to the person (author and uploader become unknown);
/// nothing on a public page ever named the author.
/// </summary>
internal sealed class KnowledgePersonalData(KnowledgeDbContext db, IStringLocalizer<KnowledgeStrings> t) : IPersonalDataProvider
{
    public string Section => "knowledge";

    public string Title => t["Knowledge base"];

    public async Task<PersonalDataSection> ExportAsync(string userId, CancellationToken cancellationToken = default)
    {
        var revisions = await (from r in db.Revisions.AsNoTracking()
                               join a in db.Articles.AsNoTracking() on r.ArticleId equals a.Id
                               where r.AuthorUserId == userId
                               orderby r.CreatedUtc
                               select new { a.Slug, a.Culture, r.Number, r.Title, r.Note, r.CreatedUtc }).ToListAsync(cancellationToken);
        var uploads = await (from f in db.Attachments.AsNoTracking()
                             join a in db.Articles.AsNoTracking() on f.ArticleId equals a.Id
                             where f.UploadedByUserId == userId
                             orderby f.UploadedUtc
                             select new { a.Slug, a.Culture, f.FileName, f.Length, f.UploadedUtc }).ToListAsync(cancellationToken);
        return new PersonalDataSection(Section, Title,
        [
            new PersonalDataTable("revisions", t["Article versions you wrote"], [.. revisions.Select(r => PersonalDataRow.Of(
                ("article", r.Slug), ("language", r.Culture), ("revision", r.Number), ("title", r.Title), ("note", r.Note), ("createdUtc", r.CreatedUtc)))]),
            new PersonalDataTable("uploads", t["Files you uploaded"], [.. uploads.Select(u => PersonalDataRow.Of(
                ("article", u.Slug), ("language", u.Culture), ("fileName", u.FileName), ("bytes", u.Length), ("uploadedUtc", u.UploadedUtc)))]),
        ]);
    }

    public async Task<PersonalDataErasure> EraseAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var anonymised = await db.Revisions.Where(r => r.AuthorUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(r => r.AuthorUserId, (string?)null), cancellationToken)
            + await db.Attachments.Where(a => a.UploadedByUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(a => a.UploadedByUserId, (string?)null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PersonalDataErasure(0, anonymised);
    }
}
