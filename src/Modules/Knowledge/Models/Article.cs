using Portal.Globalization;

namespace Portal.Knowledge.Models;

/// <summary>
/// A knowledge-base article in one language. Its zh-HK and en versions share a <see cref="TranslationKey"/>.
/// Every change of content keeps a revision; restoring an old revision makes a new one.
/// </summary>
public sealed class Article
{
    private readonly List<ArticleRevision> _revisions = [];

    private Article()
    {
    }

    public long Id { get; private set; }

    public string Slug { get; private set; } = string.Empty;

    /// <summary><c>zh-HK</c> or <c>en</c>.</summary>
    public string Culture { get; private set; } = PortalCultures.Default;

    public string TranslationKey { get; private set; } = string.Empty;

    public string Title { get; private set; } = string.Empty;

    public string Summary { get; private set; } = string.Empty;

    /// <summary>Markdown.</summary>
    public string Body { get; private set; } = string.Empty;

    public long? CategoryId { get; private set; }

    public List<string> Tags { get; private set; } = [];

    public List<string> Conditions { get; private set; } = [];

    public List<string> Audiences { get; private set; } = [];

    public ArticleVisibility Visibility { get; private set; }

    public ArticleStatus Status { get; private set; }

    /// <summary>First time the article went public (kept when it is unpublished and published again).</summary>
    public DateTimeOffset? PublishedUtc { get; private set; }

    public DateTimeOffset CreatedUtc { get; private set; }

    public DateTimeOffset UpdatedUtc { get; private set; }

    /// <summary>Number of the latest revision.</summary>
    public int CurrentRevision { get; private set; }

    public IReadOnlyList<ArticleRevision> Revisions => _revisions;

    public bool IsPublished => Status == ArticleStatus.Published;

    public static Article Create(
        string slug, string culture, string? translationKey, ArticleContent content, string? authorUserId, DateTimeOffset nowUtc)
    {
        if (!Slugs.IsValid(slug))
        {
            throw new KnowledgeRuleException("The web address may contain only lower-case letters a–z, digits and hyphens.");
        }

        if (!Slugs.IsCulture(culture))
        {
            throw new KnowledgeRuleException("Choose the language of the article: zh-HK or en.");
        }

        var article = new Article
        {
            Slug = slug,
            Culture = culture,
            TranslationKey = string.IsNullOrWhiteSpace(translationKey) ? slug : translationKey.Trim(),
            Status = ArticleStatus.Draft,
            CreatedUtc = nowUtc,
        };
        article.Apply(content, authorUserId, nowUtc, "Created");
        return article;
    }

    /// <summary>Saves new content as a new revision. A published article stays published (the edit goes live).</summary>
    public ArticleRevision Revise(ArticleContent content, string? authorUserId, DateTimeOffset nowUtc, string? note = null) =>
        Apply(content, authorUserId, nowUtc, note);

    /// <summary>Brings back an older revision's content as a new revision; history is never rewritten.</summary>
    public ArticleRevision Restore(ArticleRevision revision, string? authorUserId, DateTimeOffset nowUtc)
    {
        ArgumentNullException.ThrowIfNull(revision);
        if (revision.ArticleId != Id || !_revisions.Contains(revision))
        {
            throw new KnowledgeRuleException("That revision belongs to another article.");
        }

        return Apply(revision.ToContent(), authorUserId, nowUtc, $"Restored revision {revision.Number}");
    }

    public void ChangeSlug(string slug)
    {
        if (!Slugs.IsValid(slug))
        {
            throw new KnowledgeRuleException("The web address may contain only lower-case letters a–z, digits and hyphens.");
        }

        Slug = slug;
    }

    public void LinkTranslation(string translationKey)
    {
        if (string.IsNullOrWhiteSpace(translationKey))
        {
            throw new KnowledgeRuleException("Enter a translation key.");
        }

        TranslationKey = translationKey.Trim();
    }

    public void SubmitForReview(DateTimeOffset nowUtc)
    {
        if (Status is not (ArticleStatus.Draft or ArticleStatus.Unpublished))
        {
            throw new KnowledgeRuleException("Only a draft or an unpublished article can be sent for review.");
        }

        Status = ArticleStatus.InReview;
        UpdatedUtc = nowUtc;
    }

    public void Publish(DateTimeOffset nowUtc)
    {
        if (Status == ArticleStatus.Published)
        {
            throw new KnowledgeRuleException("The article is already published.");
        }

        Status = ArticleStatus.Published;
        PublishedUtc ??= nowUtc;
        UpdatedUtc = nowUtc;
    }

    public void Unpublish(DateTimeOffset nowUtc)
    {
        if (Status != ArticleStatus.Published)
        {
            throw new KnowledgeRuleException("Only a published article can be unpublished.");
        }

        Status = ArticleStatus.Unpublished;
        UpdatedUtc = nowUtc;
    }

    /// <summary>Sends a reviewed article back to its author.</summary>
    public void ReturnToDraft(DateTimeOffset nowUtc)
    {
        if (Status != ArticleStatus.InReview)
        {
            throw new KnowledgeRuleException("Only an article in review can be returned to draft.");
        }

        Status = ArticleStatus.Draft;
        UpdatedUtc = nowUtc;
    }

    public ArticleContent ToContent() => new()
    {
        Title = Title,
        Summary = Summary,
        Body = Body,
        CategoryId = CategoryId,
        Tags = [.. Tags],
        Conditions = [.. Conditions],
        Audiences = [.. Audiences],
        Visibility = Visibility,
    };

    private ArticleRevision Apply(ArticleContent content, string? authorUserId, DateTimeOffset nowUtc, string? note)
    {
        ArgumentNullException.ThrowIfNull(content);
        var clean = content.Normalised();
        var problems = clean.Validate();
        if (problems.Count > 0)
        {
            throw new KnowledgeRuleException(problems[0]);
        }

        Title = clean.Title;
        Summary = clean.Summary;
        Body = clean.Body;
        CategoryId = clean.CategoryId;
        Tags = [.. clean.Tags];
        Conditions = [.. clean.Conditions];
        Audiences = [.. clean.Audiences];
        Visibility = clean.Visibility;
        UpdatedUtc = nowUtc;
        CurrentRevision++;
        var revision = ArticleRevision.Snapshot(this, authorUserId, nowUtc, note);
        _revisions.Add(revision);
        return revision;
    }
}
