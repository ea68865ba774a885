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

    /// <summary>
    /// The revision of a published article that holds changes readers do not see yet (saved as a draft), or null. The
    /// article's own fields stay the published text until <see cref="PublishChanges"/>.
    /// </summary>
    public int? DraftRevision { get; private set; }

    public bool HasUnpublishedChanges => DraftRevision is not null;

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

    /// <summary>
    /// Saves new content as a new revision. On a draft, unpublished or in-review article it becomes the article's text.
    /// On a published article it is kept as the pending draft (<see cref="DraftRevision"/>): readers keep seeing the
    /// published text until someone who may publish publishes the changes.
    /// </summary>
    public ArticleRevision Revise(ArticleContent content, string? authorUserId, DateTimeOffset nowUtc, string? note = null) =>
        Status == ArticleStatus.Published ? SaveDraft(content, authorUserId, nowUtc, note) : Apply(content, authorUserId, nowUtc, note);

    /// <summary>Saves new content and makes it the article's text at once, published or not (a site recipe).</summary>
    public ArticleRevision ReviseLive(ArticleContent content, string? authorUserId, DateTimeOffset nowUtc, string? note = null)
    {
        var revision = Apply(content, authorUserId, nowUtc, note);
        DraftRevision = null;
        return revision;
    }

    /// <summary>The text being edited: the pending draft's when there is one, else the article's.</summary>
    public ArticleContent EditingContent(ArticleRevision? draft) =>
        DraftRevision is { } number && draft is not null && draft.ArticleId == Id && draft.Number == number ? draft.ToContent() : ToContent();

    /// <summary>Makes the pending draft the published text.</summary>
    public void PublishChanges(ArticleRevision draft, DateTimeOffset nowUtc)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (Status != ArticleStatus.Published || DraftRevision is null)
        {
            throw new KnowledgeRuleException("There are no unpublished changes to publish.");
        }

        if (draft.ArticleId != Id || draft.Number != DraftRevision)
        {
            throw new KnowledgeRuleException("Those changes were replaced by a later edit. Open the article again.");
        }

        SetFields(draft.ToContent());
        UpdatedUtc = nowUtc;
        DraftRevision = null;
    }

    /// <summary>Drops the pending draft; its revision stays in the history.</summary>
    public void DiscardChanges()
    {
        if (DraftRevision is null)
        {
            throw new KnowledgeRuleException("There are no unpublished changes to discard.");
        }

        DraftRevision = null;
    }

    /// <summary>Brings back an older revision's content as a new revision; history is never rewritten.</summary>
    public ArticleRevision Restore(ArticleRevision revision, string? authorUserId, DateTimeOffset nowUtc)
    {
        ArgumentNullException.ThrowIfNull(revision);
        if (revision.ArticleId != Id || !_revisions.Contains(revision))
        {
            throw new KnowledgeRuleException("That revision belongs to another article.");
        }

        return Revise(revision.ToContent(), authorUserId, nowUtc, $"Restored revision {revision.Number}");
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

    /// <summary>Takes the article off the site. Pending changes (<paramref name="draft"/>) become its text, since nobody
    /// reads it any more and the editor goes on from them.</summary>
    public void Unpublish(DateTimeOffset nowUtc, ArticleRevision? draft = null)
    {
        if (Status != ArticleStatus.Published)
        {
            throw new KnowledgeRuleException("Only a published article can be unpublished.");
        }

        if (DraftRevision is { } number && draft is not null && draft.ArticleId == Id && draft.Number == number)
        {
            SetFields(draft.ToContent());
        }

        DraftRevision = null;
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

        SetFields(clean);
        UpdatedUtc = nowUtc;
        CurrentRevision++;
        var revision = ArticleRevision.Snapshot(this, clean, authorUserId, nowUtc, note);
        _revisions.Add(revision);
        return revision;
    }

    private ArticleRevision SaveDraft(ArticleContent content, string? authorUserId, DateTimeOffset nowUtc, string? note)
    {
        ArgumentNullException.ThrowIfNull(content);
        var clean = content.Normalised();
        var problems = clean.Validate();
        if (problems.Count > 0)
        {
            throw new KnowledgeRuleException(problems[0]);
        }

        CurrentRevision++;
        DraftRevision = CurrentRevision;
        var revision = ArticleRevision.Snapshot(this, clean, authorUserId, nowUtc, note);
        _revisions.Add(revision);
        return revision;
    }

    private void SetFields(ArticleContent content)
    {
        Title = content.Title;
        Summary = content.Summary;
        Body = content.Body;
        CategoryId = content.CategoryId;
        Tags = [.. content.Tags];
        Conditions = [.. content.Conditions];
        Audiences = [.. content.Audiences];
        Visibility = content.Visibility;
    }
}
