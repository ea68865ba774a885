using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Portal.Content;
using Portal.Knowledge.Data;
using Portal.Knowledge.Models;
using Portal.Search;

namespace Portal.Knowledge.Services;

/// <summary>Feeds published articles to the search index. Drafts, articles in review and unpublished articles are
/// never produced; members-only articles are visible to signed-in people only.</summary>
internal sealed class KnowledgeSearchSource(KnowledgeDbContext db, IMarkdownRenderer markdown) : ISearchDocumentSource
{
    public const string SourceName = "kb-article";

    public string Source => SourceName;

    public async IAsyncEnumerable<SearchDocument> GetAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var categories = await CategorySlugsAsync(cancellationToken);
        var lastId = 0L;
        while (true)
        {
            // Pages keyed by id keep memory flat on a large knowledge base.
            var page = await db.Articles.AsNoTracking()
                .Where(a => a.Status == ArticleStatus.Published && a.Id > lastId)
                .OrderBy(a => a.Id)
                .Take(200)
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                yield break;
            }

            foreach (var article in page)
            {
                yield return ToDocument(article, categories);
            }

            lastId = page[^1].Id;
        }
    }

    public async Task<SearchDocument?> GetAsync(string itemId, CancellationToken cancellationToken = default)
    {
        if (!long.TryParse(itemId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var article = await db.Articles.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (article is null || article.Status != ArticleStatus.Published)
        {
            return null;
        }

        return ToDocument(article, await CategorySlugsAsync(cancellationToken));
    }

    public static string ArticleUrl(Article article) =>
        $"/kb/articles/{Uri.EscapeDataString(article.Slug)}?culture={Uri.EscapeDataString(article.Culture)}";

    private Task<Dictionary<long, string>> CategorySlugsAsync(CancellationToken cancellationToken) =>
        db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Slug, cancellationToken);

    private SearchDocument ToDocument(Article article, Dictionary<long, string> categories)
    {
        var facets = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["category"] = article.CategoryId is { } c && categories.TryGetValue(c, out var slug) ? [slug] : [],
            ["tag"] = [.. article.Tags],
            ["condition"] = [.. article.Conditions],
            ["audience"] = [.. article.Audiences],
        };
        string text;
        try
        {
            text = markdown.ToPlainText(article.Body);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or InsufficientExecutionStackException or IndexOutOfRangeException)
        {
            // An article saved before the editor refused such bodies (e.g. nested too deeply to render): index its
            // text as written, so it and every later article stay searchable.
            text = article.Body;
        }

        return new SearchDocument
        {
            Id = SourceName + ":" + article.Id.ToString(CultureInfo.InvariantCulture),
            Type = SourceName,
            Culture = article.Culture,
            Title = article.Title,
            Body = string.IsNullOrWhiteSpace(article.Summary) ? text : article.Summary + "\n\n" + text,
            Url = ArticleUrl(article),
            UpdatedUtc = article.UpdatedUtc,
            Visibility = article.Visibility == ArticleVisibility.MembersOnly ? SearchVisibility.SignedIn : SearchVisibility.Public,
            Facets = facets,
            TranslationKey = article.TranslationKey,
        };
    }
}
