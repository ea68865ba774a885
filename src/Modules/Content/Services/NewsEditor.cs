using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Content.Data;
using Portal.Content.Models;
using Portal.Content.ViewModels;
using Portal.Globalization;

namespace Portal.Content.Services;

/// <summary>Staff use cases for news items.</summary>
public sealed class NewsEditor(ContentDbContext db, TimeProvider clock, ContentIndexNotifier notifier, IMarkdownRenderer markdown)
{
    public async Task<IReadOnlyList<ContentListItem>> ListAsync(string culture, CancellationToken cancellationToken)
    {
        var items = await db.News.AsNoTracking().OrderByDescending(n => n.PublishDate).ThenByDescending(n => n.Id).ToListAsync(cancellationToken);
        return [.. items.Select(n => new ContentListItem(n.Id, n.Slug, n.TitleFor(culture)?.Text ?? n.Slug, n.Status, n.UpdatedUtc, n.PublishDate))];
    }

    public Task<NewsItem?> FindAsync(long id, CancellationToken cancellationToken) =>
        db.News.FirstOrDefaultAsync(n => n.Id == id, cancellationToken);

    public DateOnly Today => PortalCultures.Today(clock);

    public static bool TryParseDate(string? value, out DateOnly date) =>
        DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public async Task<EditOutcome> SaveAsync(long? id, NewsForm form, bool publish, CancellationToken cancellationToken)
    {
        var slug = ContentRules.NormalizeSlug(form.Slug);
        var text = form.ToText().Cleaned();
        var errors = ContentRules.ValidateSlug(slug).Concat(text.Validate())
            .Concat(ContentRules.ValidateRenders(markdown, "bodyZh", text.BodyZh))
            .Concat(ContentRules.ValidateRenders(markdown, "bodyEn", text.BodyEn)).ToList();
        var date = Today;
        if (!string.IsNullOrWhiteSpace(form.PublishDate) && !TryParseDate(form.PublishDate, out date))
        {
            errors.Add(new("publishDate", "Enter the publish date as year-month-day, for example 2026-11-27."));
        }

        if (errors.Count == 0 && await db.News.AnyAsync(n => n.Slug == slug && n.Id != (id ?? 0), cancellationToken))
        {
            errors.Add(new("slug", "Another news item already uses this slug."));
        }

        if (errors.Count > 0)
        {
            return EditOutcome.Failed(errors);
        }

        var now = clock.GetUtcNow();
        NewsItem item;
        if (id is null)
        {
            item = NewsItem.Create(slug, text, date, now);
            db.News.Add(item);
        }
        else
        {
            item = await FindAsync(id.Value, cancellationToken) ?? throw new KeyNotFoundException();
            item.ChangeSlug(slug, now);
            item.Revise(text, date, now);
        }

        if (publish)
        {
            try
            {
                item.Publish(now);
            }
            catch (ContentRuleException ex)
            {
                return EditOutcome.Failed(ex.Error);
            }
        }

        try
        {
            await notifier.SaveNewsAsync(db, () => [item.Id], cancellationToken);
        }
        catch (DbUpdateException)
        {
            return EditOutcome.Failed(new ContentError("slug", "Another news item already uses this slug."));
        }

        return EditOutcome.Ok(item.Id);
    }

    public async Task<EditOutcome> UnpublishAsync(long id, CancellationToken cancellationToken)
    {
        var item = await FindAsync(id, cancellationToken) ?? throw new KeyNotFoundException();
        try
        {
            item.Unpublish(clock.GetUtcNow());
        }
        catch (ContentRuleException ex)
        {
            return EditOutcome.Failed(ex.Error);
        }

        await notifier.SaveNewsAsync(db, () => [id], cancellationToken);
        return EditOutcome.Ok(id);
    }

    public async Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var item = await FindAsync(id, cancellationToken) ?? throw new KeyNotFoundException();
        db.News.Remove(item);
        await notifier.SaveNewsAsync(db, () => [id], cancellationToken);
    }
}
