using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Content.Data;
using Portal.Content.Resources;
using Portal.People;
using Portal.Privacy;

namespace Portal.Content.Services;

/// <summary>
/// The content module's part of a person's data export and erasure (PDPO). Pages and news are the organisation's
/// publications and name no author; the only personal data is the user name kept on each earlier version of a page
/// (who saved the edit that replaced it), shown in the page history to staff. Erasure keeps every version's text
/// and removes the name, so the history shows the version and date only. News items keep no editor.
/// </summary>
internal sealed class ContentPersonalData(ContentDbContext db, IPersonDirectory people, IStringLocalizer<ContentStrings> t) : IPersonalDataProvider
{
    public string Section => "content";

    public string Title => t["Content"];

    public async Task<PersonalDataSection> ExportAsync(string userId, CancellationToken cancellationToken = default)
    {
        var userName = await UserNameAsync(userId, cancellationToken);
        var revisions = userName is null ? [] : await (from r in db.PageRevisions.AsNoTracking()
                                                       join p in db.Pages.AsNoTracking() on r.PageId equals p.Id
                                                       where r.SavedBy == userName
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
        if (userName is null)
        {
            // The account is already gone, so its name cannot be looked up; an earlier erasure removed it here.
            return PersonalDataErasure.None;
        }

        var anonymised = await db.PageRevisions.Where(r => r.SavedBy == userName).ExecuteUpdateAsync(s => s.SetProperty(r => r.SavedBy, (string?)null), cancellationToken);
        return new PersonalDataErasure(0, anonymised);
    }

    private async Task<string?> UserNameAsync(string userId, CancellationToken cancellationToken) =>
        (await people.FindAsync(userId, cancellationToken))?.UserName is { Length: > 0 } name ? name : null;
}
