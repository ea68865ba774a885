using Microsoft.EntityFrameworkCore;
using Portal.Content.Data;
using Portal.Content.Models;
using Portal.Content.ViewModels;
using Portal.Globalization;

namespace Portal.Content.Services;

/// <summary>Staff use cases for pages: list, create, edit, publish, unpublish, restore an earlier version, delete.</summary>
public sealed class PageEditor(ContentDbContext db, TimeProvider clock, ContentIndexNotifier notifier, IMarkdownRenderer markdown)
{
    public async Task<IReadOnlyList<ContentListItem>> ListAsync(string culture, CancellationToken cancellationToken)
    {
        var pages = await db.Pages.AsNoTracking().OrderBy(p => p.Slug).ToListAsync(cancellationToken);
        return [.. pages.Select(p => new ContentListItem(p.Id, p.Slug, p.TitleFor(culture)?.Text ?? p.Slug, p.Status, p.UpdatedUtc))];
    }

    public Task<Page?> FindAsync(long id, CancellationToken cancellationToken) =>
        db.Pages.Include(p => p.Revisions).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    /// <summary>Creates (<paramref name="id"/> null) or updates a page; with <paramref name="publish"/> it is also published.
    /// Nothing is saved when any rule fails.</summary>
    public async Task<EditOutcome> SaveAsync(long? id, PageForm form, bool publish, string? editorUserId, CancellationToken cancellationToken)
    {
        var slug = ContentRules.NormalizeSlug(form.Slug);
        var text = form.ToText().Cleaned();
        var errors = ContentRules.ValidateSlug(slug).Concat(text.Validate())
            .Concat(ContentRules.ValidateRenders(markdown, "bodyZh", text.BodyZh))
            .Concat(ContentRules.ValidateRenders(markdown, "bodyEn", text.BodyEn)).ToList();
        if (errors.Count == 0 && await db.Pages.AnyAsync(p => p.Slug == slug && p.Id != (id ?? 0), cancellationToken))
        {
            errors.Add(new("slug", "Another page already uses this slug."));
        }

        if (errors.Count > 0)
        {
            return EditOutcome.Failed(errors);
        }

        var now = clock.GetUtcNow();
        Page page;
        if (id is null)
        {
            page = Page.Create(slug, text, now);
            db.Pages.Add(page);
        }
        else
        {
            page = await FindAsync(id.Value, cancellationToken) ?? throw new KeyNotFoundException();
            try
            {
                page.ChangeSlug(slug, now);
            }
            catch (ContentRuleException ex)
            {
                return EditOutcome.Failed(ex.Error);
            }

            page.Revise(text, now, editorUserId);
        }

        if (publish)
        {
            try
            {
                page.Publish(now);
            }
            catch (ContentRuleException ex)
            {
                return EditOutcome.Failed(ex.Error);
            }
        }

        try
        {
            await notifier.SavePagesAsync(db, () => [page.Id], cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone else took the slug between our check and the save.
            return EditOutcome.Failed(new ContentError("slug", "Another page already uses this slug."));
        }

        return EditOutcome.Ok(page.Id);
    }

    /// <summary>Brings back an earlier version's text as a new version (<see cref="Page.Restore"/>), then tells the
    /// search index after the save, as every other edit does.</summary>
    public async Task<RestoreOutcome> RestoreAsync(long id, int version, StatusAfterRestore status, string? editorUserId, CancellationToken cancellationToken)
    {
        var page = await FindAsync(id, cancellationToken) ?? throw new KeyNotFoundException();
        bool changed;
        try
        {
            changed = page.Restore(version, status, clock.GetUtcNow(), editorUserId);
        }
        catch (ContentRuleException ex)
        {
            return new RestoreOutcome([ex.Error], false, page.Version);
        }

        await notifier.SavePagesAsync(db, () => [id], cancellationToken);
        return new RestoreOutcome([], changed, page.Version);
    }

    public async Task<EditOutcome> UnpublishAsync(long id, CancellationToken cancellationToken)
    {
        var page = await db.Pages.FirstOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw new KeyNotFoundException();
        try
        {
            page.Unpublish(clock.GetUtcNow());
        }
        catch (ContentRuleException ex)
        {
            return EditOutcome.Failed(ex.Error);
        }

        await notifier.SavePagesAsync(db, () => [id], cancellationToken);
        return EditOutcome.Ok(id);
    }

    public async Task<EditOutcome> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var page = await db.Pages.FirstOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw new KeyNotFoundException();
        if (!CanDelete(page))
        {
            return EditOutcome.Failed(new ContentError("slug", "The home page cannot be deleted; edit it instead."));
        }

        db.Pages.Remove(page);
        await notifier.SavePagesAsync(db, () => [id], cancellationToken);
        return EditOutcome.Ok(id);
    }

    public static bool CanDelete(Page page) => page.Slug != Page.HomeSlug;

    public static string DisplayTitle(Page page) => page.TitleFor(PortalCultures.Normalize(System.Globalization.CultureInfo.CurrentUICulture.Name))?.Text ?? page.Slug;
}
