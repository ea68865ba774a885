using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Content;
using Portal.Forum.Data;
using Portal.Forum.Models;
using Portal.Forum.Resources;
using Portal.Globalization;
using Portal.Search;

namespace Portal.Forum.Services;

/// <summary>One search document per shown post (item id = post id). Its audiences come from
/// <see cref="ForumAccess.SearchVisibilityOf"/>; held, hidden and removed posts are not indexed; a document never
/// names the author.</summary>
internal sealed class ForumSearchSource(ForumDbContext db, IMarkdownRenderer markdown) : ISearchDocumentSource
{
    public const string SourceName = "forum-post";

    public string Source => SourceName;

    public static IndexChange Change(long postId) => new(SourceName, postId.ToString(CultureInfo.InvariantCulture));

    public async IAsyncEnumerable<SearchDocument> GetAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var rows = db.Posts.AsNoTracking().Where(p => p.Status == PostStatus.Published)
            .Join(db.Topics.AsNoTracking().Where(t => t.Status == PostStatus.Published), p => p.TopicId, t => t.Id, (p, t) => new { Post = p, Topic = t })
            .OrderBy(x => x.Post.Id).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return ToDocument(row.Post, row.Topic);
        }
    }

    public async Task<SearchDocument?> GetAsync(string itemId, CancellationToken cancellationToken = default)
    {
        if (!long.TryParse(itemId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var post = await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.Status == PostStatus.Published, cancellationToken);
        var topic = post is null ? null : await db.Topics.AsNoTracking().FirstOrDefaultAsync(t => t.Id == post.TopicId && t.Status == PostStatus.Published, cancellationToken);
        return post is null || topic is null ? null : ToDocument(post, topic);
    }

    private SearchDocument ToDocument(Post post, Topic topic) => new()
    {
        Id = SourceName + ":" + post.Id.ToString(CultureInfo.InvariantCulture),
        Type = SourceName,
        Culture = topic.Culture,
        Title = topic.Title,
        Body = markdown.ToPlainText(post.Markdown),
        Url = "/community/posts/" + post.Id.ToString(CultureInfo.InvariantCulture),
        UpdatedUtc = post.EditedUtc ?? post.CreatedUtc,
        Visibility = ForumAccess.SearchVisibilityOf(topic),
        Facets = new Dictionary<string, IReadOnlyList<string>>
        {
            ["condition"] = [.. topic.ConditionList],
            ["forum-kind"] = [topic.Kind == TopicKind.Article ? "article" : "discussion"],
        },
    };
}

/// <summary>Names the forum's document type and its facet values in both languages.</summary>
internal sealed class ForumSearchLabels(IStringLocalizer<ForumStrings> t) : ISearchLabelProvider
{
    public IReadOnlyCollection<string> Facets { get; } = ["condition", "forum-kind"];

    public IReadOnlyDictionary<string, string> GetDocumentTypeNames(string culture) =>
        new Dictionary<string, string> { [ForumSearchSource.SourceName] = Localized("Community post", culture) };

    public Task<IReadOnlyDictionary<string, string>> GetLabelsAsync(string facet, IReadOnlyCollection<string> values, string culture, CancellationToken cancellationToken = default)
    {
        var english = PortalCultures.Normalize(culture) == PortalCultures.English;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (facet == "condition" && Vocabulary.Has(Vocabulary.Conditions, value))
            {
                labels[value] = Vocabulary.Label(Vocabulary.Conditions, value, english);
            }
            else if (facet == "forum-kind" && value is "article" or "discussion")
            {
                labels[value] = Localized(value == "article" ? "Experience article" : "Discussion", culture);
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(labels);
    }

    private string Localized(string key, string culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(PortalCultures.Normalize(culture));
        try
        {
            return t[key].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
