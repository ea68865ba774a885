using Microsoft.EntityFrameworkCore;
using Portal.Content.Data;
using Portal.Content.Models;
using Portal.Content.ViewModels;
using Portal.Globalization;

namespace Portal.Content.Services;

/// <summary>What the public sees: published pages, and published news whose date has come.</summary>
public sealed class ContentReader(ContentDbContext db, IMarkdownRenderer markdown, TimeProvider clock)
{
    public const int NewsPageSize = 10;

    public async Task<PageView?> GetPageAsync(string slug, string culture, CancellationToken cancellationToken)
    {
        slug = ContentRules.NormalizeSlug(slug);
        var page = await db.Pages.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == slug && p.Status == PublishStatus.Published, cancellationToken);
        if (page?.ContentFor(culture) is not { } content)
        {
            return null;
        }

        return new PageView(page.Slug, content.Title, markdown.ToSafeHtml(content.Body, content.Title.Culture), page.UpdatedUtc);
    }

    public async Task<IReadOnlyList<NewsSummaryView>> GetLatestNewsAsync(string culture, int count, CancellationToken cancellationToken)
    {
        var today = PortalCultures.Today(clock);
        var items = await Visible(today).Take(count).ToListAsync(cancellationToken);
        return [.. items.Select(i => Summary(i, culture)).OfType<NewsSummaryView>()];
    }

    public async Task<NewsListView> GetNewsListAsync(string culture, int page, CancellationToken cancellationToken)
    {
        var today = PortalCultures.Today(clock);
        var total = await Visible(today).CountAsync(cancellationToken);
        var pages = Math.Max(1, (total + NewsPageSize - 1) / NewsPageSize);
        page = Math.Clamp(page, 1, pages);
        var items = await Visible(today).Skip((page - 1) * NewsPageSize).Take(NewsPageSize).ToListAsync(cancellationToken);
        return new NewsListView([.. items.Select(i => Summary(i, culture)).OfType<NewsSummaryView>()], page, pages);
    }

    public async Task<NewsView?> GetNewsAsync(string slug, string culture, CancellationToken cancellationToken)
    {
        slug = ContentRules.NormalizeSlug(slug);
        var today = PortalCultures.Today(clock);
        var item = await Visible(today).FirstOrDefaultAsync(n => n.Slug == slug, cancellationToken);
        if (item?.ContentFor(culture) is not { } content)
        {
            return null;
        }

        return new NewsView(item.Slug, content.Title, content.Summary, markdown.ToSafeHtml(content.Body, content.Title.Culture), item.PublishDate);
    }

    private IQueryable<NewsItem> Visible(DateOnly today) =>
        db.News.AsNoTracking()
            .Where(n => n.Status == PublishStatus.Published && n.PublishDate <= today)
            .OrderByDescending(n => n.PublishDate)
            .ThenByDescending(n => n.Id);

    private static NewsSummaryView? Summary(NewsItem item, string culture) =>
        item.ContentFor(culture) is { } content ? new NewsSummaryView(item.Slug, content.Title, content.Summary, item.PublishDate) : null;
}
