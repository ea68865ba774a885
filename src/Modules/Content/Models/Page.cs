using Portal.Globalization;

namespace Portal.Content.Models;

/// <summary>What an editor writes for a page: title and Markdown body in each language (either may be empty).</summary>
public sealed record PageText(string? TitleZh, string? TitleEn, string? BodyZh, string? BodyEn)
{
    public PageText Cleaned() => new(ContentRules.Clean(TitleZh), ContentRules.Clean(TitleEn), ContentRules.Clean(BodyZh), ContentRules.Clean(BodyEn));

    public IEnumerable<ContentError> Validate()
    {
        if (string.IsNullOrWhiteSpace(TitleZh) && string.IsNullOrWhiteSpace(TitleEn))
        {
            yield return new("titleZh", "Enter a title in at least one language.");
        }

        if (!string.IsNullOrWhiteSpace(BodyZh) && string.IsNullOrWhiteSpace(TitleZh))
        {
            yield return new("titleZh", "The Chinese text needs a Chinese title.");
        }

        if (!string.IsNullOrWhiteSpace(BodyEn) && string.IsNullOrWhiteSpace(TitleEn))
        {
            yield return new("titleEn", "The English text needs an English title.");
        }

        foreach (var error in ContentRules.ValidateLength("titleZh", TitleZh, ContentRules.TitleMaxLength)
            .Concat(ContentRules.ValidateLength("titleEn", TitleEn, ContentRules.TitleMaxLength))
            .Concat(ContentRules.ValidateLength("bodyZh", BodyZh, ContentRules.BodyMaxLength))
            .Concat(ContentRules.ValidateLength("bodyEn", BodyEn, ContentRules.BodyMaxLength)))
        {
            yield return error;
        }
    }

    /// <summary>The languages (zh-HK, en) whose title or body differ between this text and <paramref name="other"/>.</summary>
    public IReadOnlyList<string> ChangedCultures(PageText other)
    {
        var cultures = new List<string>(2);
        if (TitleZh != other.TitleZh || BodyZh != other.BodyZh)
        {
            cultures.Add(PortalCultures.Chinese);
        }

        if (TitleEn != other.TitleEn || BodyEn != other.BodyEn)
        {
            cultures.Add(PortalCultures.English);
        }

        return cultures;
    }

    /// <summary>Whether the text could be published: a title and body in at least one language.</summary>
    public bool IsPublishable => (!string.IsNullOrWhiteSpace(TitleZh) && !string.IsNullOrWhiteSpace(BodyZh))
        || (!string.IsNullOrWhiteSpace(TitleEn) && !string.IsNullOrWhiteSpace(BodyEn));
}

/// <summary>What happens to a page's publish status when staff restore an earlier version.</summary>
public enum StatusAfterRestore
{
    /// <summary>A published page stays published, a draft stays a draft.</summary>
    Keep = 0,
    Publish = 1,
    Draft = 2,
}

/// <summary>A page of the site (<c>/pages/{slug}</c>; the page "home" is the front page). One record holds both
/// languages, so a translation can never drift away from its page; each save keeps the previous text as a revision.</summary>
public sealed class Page
{
    public const string HomeSlug = "home";

    private readonly List<PageRevision> _revisions = [];

    private Page()
    {
    }

    public long Id { get; private set; }
    public string Slug { get; private set; } = string.Empty;
    public string? TitleZh { get; private set; }
    public string? TitleEn { get; private set; }
    public string? BodyZh { get; private set; }
    public string? BodyEn { get; private set; }
    public PublishStatus Status { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }
    public DateTimeOffset UpdatedUtc { get; private set; }
    public DateTimeOffset? PublishedUtc { get; private set; }

    /// <summary>1 for a new page; +1 each time its text changes.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<PageRevision> Revisions => _revisions;

    public bool IsPublished => Status == PublishStatus.Published;

    public PageText Text => new(TitleZh, TitleEn, BodyZh, BodyEn);

    public static Page Create(string slug, PageText text, DateTimeOffset now)
    {
        slug = ContentRules.NormalizeSlug(slug);
        text = text.Cleaned();
        Throw(ContentRules.ValidateSlug(slug).Concat(text.Validate()));
        return new Page
        {
            Slug = slug,
            TitleZh = text.TitleZh,
            TitleEn = text.TitleEn,
            BodyZh = text.BodyZh,
            BodyEn = text.BodyEn,
            Status = PublishStatus.Draft,
            CreatedUtc = now,
            UpdatedUtc = now,
            Version = 1,
        };
    }

    /// <summary>Replaces the text, keeping the old text as a revision. Returns false when nothing changed.</summary>
    public bool Revise(PageText text, DateTimeOffset now, string? editorUserId)
    {
        text = text.Cleaned();
        Throw(text.Validate());
        if (text == Text)
        {
            return false;
        }

        _revisions.Add(new PageRevision(Version, Text, UpdatedUtc, editorUserId));
        TitleZh = text.TitleZh;
        TitleEn = text.TitleEn;
        BodyZh = text.BodyZh;
        BodyEn = text.BodyEn;
        UpdatedUtc = now;
        Version++;
        return true;
    }

    /// <summary>Brings back the text of an earlier version as a new version (the text it replaces is kept as a
    /// revision, so nothing is lost). The publish status stays as it is unless <paramref name="status"/> says otherwise;
    /// a page that is to be published needs a title and text in one language. Nothing changes when a rule fails.
    /// Returns false when the text was already the same (a status change still applies).</summary>
    public bool Restore(int version, StatusAfterRestore status, DateTimeOffset now, string? editorUserId)
    {
        var revision = _revisions.FirstOrDefault(r => r.Version == version)
            ?? throw new ContentRuleException(new("version", "This earlier version of the page was not found."));
        if (!Enum.IsDefined(status))
        {
            throw new ContentRuleException(new("status", "Choose whether the page stays as it is, is published or becomes a draft."));
        }

        var text = revision.Text.Cleaned();
        Throw(text.Validate());
        var publishedAfter = status == StatusAfterRestore.Publish || (status == StatusAfterRestore.Keep && IsPublished);
        if (publishedAfter && !text.IsPublishable)
        {
            throw new ContentRuleException(new("status", "This version has no title and text in either language, so it cannot be on the site. Restore it as a draft instead."));
        }

        var changed = Revise(text, now, editorUserId);
        if (status == StatusAfterRestore.Publish)
        {
            Publish(now);
        }
        else if (status == StatusAfterRestore.Draft && IsPublished)
        {
            Unpublish(now);
        }

        return changed;
    }

    public void ChangeSlug(string slug, DateTimeOffset now)
    {
        slug = ContentRules.NormalizeSlug(slug);
        if (slug == Slug)
        {
            return;
        }

        if (Slug == HomeSlug)
        {
            throw new ContentRuleException(new("slug", "The home page keeps the slug \"home\"."));
        }

        Throw(ContentRules.ValidateSlug(slug));
        Slug = slug;
        UpdatedUtc = now;
    }

    /// <summary>Makes the page visible to everyone. It needs a title and text in at least one language.</summary>
    public void Publish(DateTimeOffset now)
    {
        if (!HasContent(TitleZh, BodyZh) && !HasContent(TitleEn, BodyEn))
        {
            throw new ContentRuleException(new("bodyZh", "A page needs a title and text in at least one language before it can be published."));
        }

        if (Status != PublishStatus.Published)
        {
            Status = PublishStatus.Published;
            PublishedUtc = now;
            UpdatedUtc = now;
        }
    }

    public void Unpublish(DateTimeOffset now)
    {
        if (Status != PublishStatus.Published)
        {
            throw new ContentRuleException(new("status", "This page is not published."));
        }

        Status = PublishStatus.Draft;
        UpdatedUtc = now;
    }

    public LocalizedText? TitleFor(string culture) => ContentRules.Pick(culture, TitleZh, TitleEn);

    /// <summary>The title and body in one language: the requested one when it has text, else the other.</summary>
    public (LocalizedText Title, string Body)? ContentFor(string culture)
    {
        var title = ContentRules.Pick(culture, HasContent(TitleZh, BodyZh) ? TitleZh : null, HasContent(TitleEn, BodyEn) ? TitleEn : null)
            ?? ContentRules.Pick(culture, TitleZh, TitleEn);
        if (title is null)
        {
            return null;
        }

        var body = title.Culture == PortalCultures.English ? BodyEn : BodyZh;
        return (title, body ?? string.Empty);
    }

    /// <summary>Languages the page has text in.</summary>
    public IEnumerable<string> Cultures()
    {
        if (!string.IsNullOrWhiteSpace(TitleZh))
        {
            yield return PortalCultures.Chinese;
        }

        if (!string.IsNullOrWhiteSpace(TitleEn))
        {
            yield return PortalCultures.English;
        }
    }

    private static bool HasContent(string? title, string? body) => !string.IsNullOrWhiteSpace(title) && !string.IsNullOrWhiteSpace(body);

    internal static void Throw(IEnumerable<ContentError> errors)
    {
        var first = errors.FirstOrDefault();
        if (first is not null)
        {
            throw new ContentRuleException(first);
        }
    }
}

/// <summary>The text a page had before an edit.</summary>
public sealed class PageRevision
{
    private PageRevision()
    {
    }

    internal PageRevision(int version, PageText text, DateTimeOffset savedUtc, string? savedByUserId)
    {
        Version = version;
        TitleZh = text.TitleZh;
        TitleEn = text.TitleEn;
        BodyZh = text.BodyZh;
        BodyEn = text.BodyEn;
        SavedUtc = savedUtc;
        SavedByUserId = savedByUserId;
    }

    public long Id { get; private set; }
    public long PageId { get; private set; }
    public int Version { get; private set; }
    public string? TitleZh { get; private set; }
    public string? TitleEn { get; private set; }
    public string? BodyZh { get; private set; }
    public string? BodyEn { get; private set; }
    public DateTimeOffset SavedUtc { get; private set; }

    /// <summary>User id of the person whose edit replaced this text (stable when they change their user name).</summary>
    public string? SavedByUserId { get; private set; }

    /// <summary>User name of the person whose edit replaced this text, kept only on versions saved before
    /// <see cref="SavedByUserId"/> existed (schema version 2); new versions leave it empty.</summary>
    public string? SavedBy { get; private set; }

    public PageText Text => new(TitleZh, TitleEn, BodyZh, BodyEn);
}
