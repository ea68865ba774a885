using Microsoft.EntityFrameworkCore;
using Portal.Content.Data;
using Portal.Content.Models;
using Portal.Content.ViewModels;
using Portal.People;

namespace Portal.Content.Services;

/// <summary>Staff read a page's history: every version with its date, who saved it and which languages it changed,
/// and one earlier version with what changed since. Names come from the person directory; an e-mail address is
/// never shown.</summary>
public sealed class PageHistoryReader(ContentDbContext db, IPersonDirectory people, IMarkdownRenderer markdown)
{
    public async Task<PageHistoryViewModel?> HistoryAsync(long id, string culture, CancellationToken cancellationToken)
    {
        var page = await LoadAsync(id, cancellationToken);
        if (page is null)
        {
            return null;
        }

        var names = await NamesAsync(page, cancellationToken);
        var rows = Enumerable.Range(1, page.Version).Reverse()
            .Select(v => Row(page, v, names))
            .OfType<PageVersionRow>()
            .ToList();
        return new PageHistoryViewModel
        {
            PageId = page.Id,
            Title = page.TitleFor(culture)?.Text ?? page.Slug,
            Status = page.Status,
            Versions = rows,
        };
    }

    public async Task<PageRevisionViewModel?> RevisionAsync(long id, int version, string culture, CancellationToken cancellationToken)
    {
        var page = await LoadAsync(id, cancellationToken);
        var revision = page?.Revisions.FirstOrDefault(r => r.Version == version);
        if (page is null || revision is null)
        {
            return null;
        }

        var names = await NamesAsync(page, cancellationToken);
        var old = revision.Text;
        var current = page.Text;
        return new PageRevisionViewModel
        {
            PageId = page.Id,
            PageTitle = page.TitleFor(culture)?.Text ?? page.Slug,
            Status = page.Status,
            CurrentVersion = page.Version,
            Row = Row(page, version, names)!,
            Text = old,
            HtmlZh = markdown.ToSafeHtml(old.BodyZh),
            HtmlEn = markdown.ToSafeHtml(old.BodyEn),
            Changes =
            [
                new LanguageChanges(Portal.Globalization.PortalCultures.Chinese, LineDiff.Compare(old.TitleZh, current.TitleZh), LineDiff.Compare(old.BodyZh, current.BodyZh)),
                new LanguageChanges(Portal.Globalization.PortalCultures.English, LineDiff.Compare(old.TitleEn, current.TitleEn), LineDiff.Compare(old.BodyEn, current.BodyEn)),
            ],
        };
    }

    private Task<Page?> LoadAsync(long id, CancellationToken cancellationToken) =>
        db.Pages.AsNoTracking().Include(p => p.Revisions).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    /// <summary>Version <paramref name="version"/> of the page: its text is the revision of that number (or the page's
    /// own text for the current version); it was saved by whoever replaced the version before it.</summary>
    private static PageVersionRow? Row(Page page, int version, SaverNames names)
    {
        var revisions = page.Revisions.ToDictionary(r => r.Version);
        var isCurrent = version == page.Version;
        if (!isCurrent && !revisions.ContainsKey(version))
        {
            return null;
        }

        var text = isCurrent ? page.Text : revisions[version].Text;
        var savedUtc = isCurrent ? page.UpdatedUtc : revisions[version].SavedUtc;
        var previous = revisions.GetValueOrDefault(version - 1);
        var savedBy = previous is null ? null : names.For(previous);
        var recorded = previous is not null && (previous.SavedByUserId is not null || previous.SavedBy is not null);
        return new PageVersionRow(version, savedUtc, savedBy, recorded && savedBy is null,
            previous is null ? [] : previous.Text.ChangedCultures(text), isCurrent, version == 1);
    }

    /// <summary>Display names of the people who saved the page's versions: by user id, or by user name for versions
    /// saved before user ids were kept. A name is null when the only one to show would be an e-mail address.</summary>
    private async Task<SaverNames> NamesAsync(Page page, CancellationToken cancellationToken)
    {
        var ids = page.Revisions.Select(r => r.SavedByUserId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var byId = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (ids.Count > 0)
        {
            foreach (var person in await people.FindManyAsync(ids, cancellationToken))
            {
                byId[person.UserId] = Shown(person.DisplayName, person.UserName);
            }
        }

        var byName = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var userName in page.Revisions.Where(r => r.SavedByUserId is null).Select(r => r.SavedBy).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var person = await people.FindByUserNameAsync(userName, cancellationToken);
            byName[userName] = Shown(person?.DisplayName, userName);
        }

        return new SaverNames(byId, byName);
    }

    private static string? Shown(params string?[] candidates) =>
        candidates.FirstOrDefault(n => !string.IsNullOrWhiteSpace(n) && !n.Contains('@', StringComparison.Ordinal));

    private sealed record SaverNames(IReadOnlyDictionary<string, string?> ByUserId, IReadOnlyDictionary<string, string?> ByUserName)
    {
        public string? For(PageRevision revision) =>
            revision.SavedByUserId is { } userId ? ByUserId.GetValueOrDefault(userId)
            : revision.SavedBy is { } userName ? ByUserName.GetValueOrDefault(userName)
            : null;
    }
}
