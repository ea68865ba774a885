using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Content.Data;
using Portal.Content.Models;
using Portal.Content.Resources;
using Portal.People;
using Portal.Privacy;

namespace Portal.Content.Services;

/// <summary>
/// The content module's part of a person's data export and erasure (PDPO). Pages and news are the organisation's
/// publications and name no author; the only personal data is who saved each earlier version of a page (the edit
/// that replaced it), shown in the page history to staff. A version records the saver's user id
/// (<see cref="PageRevision.SavedByUserId"/>), which stays the same when the person changes their user name.
/// Versions saved before that column existed hold only a user name (<see cref="PageRevision.SavedBy"/>); they are
/// matched by the person's current user name, looked up at the moment of the export or erasure, and only when
/// they carry no user id, so a version saved under someone's id never reaches another person who now has the same name.
/// Erasure keeps every version's text and clears both fields, so the history shows the version and date only.
/// News items keep no editor.
/// </summary>
internal sealed class ContentPersonalData(ContentDbContext db, IPersonDirectory people, IStringLocalizer<ContentStrings> t) : IPersonalDataProvider
{
    public string Section => "content";

    public string Title => t["Content"];

    public async Task<PersonalDataSection> ExportAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var userName = await UserNameAsync(userId, cancellationToken);
        var revisions = await (from r in SavedBy(db.PageRevisions.AsNoTracking(), userId, userName)
                               join p in db.Pages.AsNoTracking() on r.PageId equals p.Id
                               orderby p.Slug, r.Version
                               select new { p.Slug, r.Version, r.TitleZh, r.TitleEn, r.SavedUtc }).ToListAsync(cancellationToken);
        return new PersonalDataSection(Section, Title,
        [
            new PersonalDataTable("pageEdits", t["Page edits you saved"], [.. revisions.Select(r => PersonalDataRow.Of(
                ("page", r.Slug), ("replacedVersion", r.Version), ("titleZh", r.TitleZh), ("titleEn", r.TitleEn), ("savedUtc", r.SavedUtc)))]),
        ]);
    }

    public async Task<PersonalDataErasure> EraseAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var userName = await UserNameAsync(userId, cancellationToken);
        var anonymised = await SavedBy(db.PageRevisions, userId, userName).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.SavedByUserId, (string?)null)
            .SetProperty(r => r.SavedBy, (string?)null), cancellationToken);
        return new PersonalDataErasure(0, anonymised);
    }

    /// <summary>Versions saved by <paramref name="userId"/>, plus those from before user ids were kept that name the
    /// person's current <paramref name="userName"/> (when the account still exists).</summary>
    private static IQueryable<PageRevision> SavedBy(IQueryable<PageRevision> revisions, string userId, string? userName) =>
        userName is null
            ? revisions.Where(r => r.SavedByUserId == userId)
            : revisions.Where(r => r.SavedByUserId == userId || (r.SavedByUserId == null && r.SavedBy == userName));

    private async Task<string?> UserNameAsync(string userId, CancellationToken cancellationToken) =>
        (await people.FindAsync(userId, cancellationToken))?.UserName is { Length: > 0 } name ? name : null;
}
