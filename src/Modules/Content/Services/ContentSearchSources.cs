using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Portal.Content.Data;
using Portal.Content.Models;
using Portal.Globalization;
using Portal.Search;

namespace Portal.Content.Services;

/// <summary>Published pages for search, one document per language the page is written in.</summary>
public sealed class PageSearchSource(ContentDbContext db, Portal.Content.IMarkdownRenderer markdown) : ISearchDocumentSource
{
    public const string SourceName = "page";

    public string Source => SourceName;

    public async IAsyncEnumerable<SearchDocument> GetAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pages = await db.Pages.AsNoTracking().Where(p => p.Status == PublishStatus.Published).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        foreach (var page in pages)
        {
            foreach (var culture in page.Cultures())
            {
                yield return ToDocument(page, culture);
            }
        }
    }

    public async Task<SearchDocument?> GetAsync(string itemId, CancellationToken cancellationToken = default)
    {
        if (!ContentIndexNotifier.TryParseItemId(itemId, out var id, out var culture))
        {
            return null;
        }

        var page = await db.Pages.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return page is { IsPublished: true } && page.Cultures().Contains(culture) ? ToDocument(page, culture) : null;
    }

    private SearchDocument ToDocument(Page page, string culture)
    {
        var english = culture == PortalCultures.English;
        var url = page.Slug == Page.HomeSlug ? "/" : $"/pages/{page.Slug}";
        return new SearchDocument
        {
            Id = $"{SourceName}:{ContentIndexNotifier.ItemId(page.Id, culture)}",
            Type = SourceName,
            Culture = culture,
            Title = (english ? page.TitleEn : page.TitleZh) ?? string.Empty,
            Body = markdown.ToPlainText(english ? page.BodyEn : page.BodyZh),
            Url = english ? url + "?culture=en" : url,
            UpdatedUtc = page.UpdatedUtc,
            Visibility = SearchVisibility.Public,
            TranslationKey = $"{SourceName}:{page.Id}",
        };
    }
}

/// <summary>Published news items whose date has come, one document per language.</summary>
public sealed class NewsSearchSource(ContentDbContext db, Portal.Content.IMarkdownRenderer markdown, TimeProvider clock) : ISearchDocumentSource
{
    public const string SourceName = "news";

    public string Source => SourceName;

    public async IAsyncEnumerable<SearchDocument> GetAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var today = PortalCultures.Today(clock);
        var items = await db.News.AsNoTracking().Where(n => n.Status == PublishStatus.Published && n.PublishDate <= today).OrderBy(n => n.Id).ToListAsync(cancellationToken);
        foreach (var item in items)
        {
            foreach (var culture in item.Cultures())
            {
                yield return ToDocument(item, culture);
            }
        }
    }

    public async Task<SearchDocument?> GetAsync(string itemId, CancellationToken cancellationToken = default)
    {
        if (!ContentIndexNotifier.TryParseItemId(itemId, out var id, out var culture))
        {
            return null;
        }

        var item = await db.News.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        return item is not null && item.IsVisibleOn(PortalCultures.Today(clock)) && item.Cultures().Contains(culture) ? ToDocument(item, culture) : null;
    }

    private SearchDocument ToDocument(NewsItem item, string culture)
    {
        var english = culture == PortalCultures.English;
        var summary = english ? item.SummaryEn : item.SummaryZh;
        var body = markdown.ToPlainText(english ? item.BodyEn : item.BodyZh);
        return new SearchDocument
        {
            Id = $"{SourceName}:{ContentIndexNotifier.ItemId(item.Id, culture)}",
            Type = SourceName,
            Culture = culture,
            Title = (english ? item.TitleEn : item.TitleZh) ?? string.Empty,
            Body = string.IsNullOrEmpty(summary) ? body : summary + "\n" + body,
            Url = english ? $"/news/{item.Slug}?culture=en" : $"/news/{item.Slug}",
            UpdatedUtc = item.UpdatedUtc,
            Visibility = SearchVisibility.Public,
            TranslationKey = $"{SourceName}:{item.Id}",
        };
    }
}
