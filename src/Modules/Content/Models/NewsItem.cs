using Portal.Globalization;

namespace Portal.Content.Models;

/// <summary>What an editor writes for a news item, in each language.</summary>
public sealed record NewsText(string? TitleZh, string? TitleEn, string? SummaryZh, string? SummaryEn, string? BodyZh, string? BodyEn)
{
    public NewsText Cleaned() => new(
        ContentRules.Clean(TitleZh), ContentRules.Clean(TitleEn),
        ContentRules.Clean(SummaryZh), ContentRules.Clean(SummaryEn),
        ContentRules.Clean(BodyZh), ContentRules.Clean(BodyEn));

    public IEnumerable<ContentError> Validate()
    {
        if (string.IsNullOrWhiteSpace(TitleZh) && string.IsNullOrWhiteSpace(TitleEn))
        {
            yield return new("titleZh", "Enter a title in at least one language.");
        }

        if ((!string.IsNullOrWhiteSpace(BodyZh) || !string.IsNullOrWhiteSpace(SummaryZh)) && string.IsNullOrWhiteSpace(TitleZh))
        {
            yield return new("titleZh", "The Chinese text needs a Chinese title.");
        }

        if ((!string.IsNullOrWhiteSpace(BodyEn) || !string.IsNullOrWhiteSpace(SummaryEn)) && string.IsNullOrWhiteSpace(TitleEn))
        {
            yield return new("titleEn", "The English text needs an English title.");
        }

        foreach (var error in ContentRules.ValidateLength("titleZh", TitleZh, ContentRules.TitleMaxLength)
            .Concat(ContentRules.ValidateLength("titleEn", TitleEn, ContentRules.TitleMaxLength))
            .Concat(ContentRules.ValidateLength("summaryZh", SummaryZh, ContentRules.SummaryMaxLength))
            .Concat(ContentRules.ValidateLength("summaryEn", SummaryEn, ContentRules.SummaryMaxLength))
            .Concat(ContentRules.ValidateLength("bodyZh", BodyZh, ContentRules.BodyMaxLength))
            .Concat(ContentRules.ValidateLength("bodyEn", BodyEn, ContentRules.BodyMaxLength)))
        {
            yield return error;
        }
    }
}

/// <summary>A news item (<c>/news/{slug}</c>). It shows on the site once it is published and its publish date
/// (Hong Kong date) has come, so an item can be prepared ahead of time.</summary>
public sealed class NewsItem
{
    private NewsItem()
    {
    }

    public long Id { get; private set; }
    public string Slug { get; private set; } = string.Empty;
    public string? TitleZh { get; private set; }
    public string? TitleEn { get; private set; }
    public string? SummaryZh { get; private set; }
    public string? SummaryEn { get; private set; }
    public string? BodyZh { get; private set; }
    public string? BodyEn { get; private set; }
    public DateOnly PublishDate { get; private set; }
    public PublishStatus Status { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }
    public DateTimeOffset UpdatedUtc { get; private set; }

    public bool IsPublished => Status == PublishStatus.Published;

    public NewsText Text => new(TitleZh, TitleEn, SummaryZh, SummaryEn, BodyZh, BodyEn);

    public static NewsItem Create(string slug, NewsText text, DateOnly publishDate, DateTimeOffset now)
    {
        slug = ContentRules.NormalizeSlug(slug);
        text = text.Cleaned();
        Page.Throw(ContentRules.ValidateSlug(slug).Concat(text.Validate()));
        return new NewsItem
        {
            Slug = slug,
            TitleZh = text.TitleZh,
            TitleEn = text.TitleEn,
            SummaryZh = text.SummaryZh,
            SummaryEn = text.SummaryEn,
            BodyZh = text.BodyZh,
            BodyEn = text.BodyEn,
            PublishDate = publishDate,
            Status = PublishStatus.Draft,
            CreatedUtc = now,
            UpdatedUtc = now,
        };
    }

    public bool Revise(NewsText text, DateOnly publishDate, DateTimeOffset now)
    {
        text = text.Cleaned();
        Page.Throw(text.Validate());
        if (text == Text && publishDate == PublishDate)
        {
            return false;
        }

        TitleZh = text.TitleZh;
        TitleEn = text.TitleEn;
        SummaryZh = text.SummaryZh;
        SummaryEn = text.SummaryEn;
        BodyZh = text.BodyZh;
        BodyEn = text.BodyEn;
        PublishDate = publishDate;
        UpdatedUtc = now;
        return true;
    }

    public void ChangeSlug(string slug, DateTimeOffset now)
    {
        slug = ContentRules.NormalizeSlug(slug);
        if (slug != Slug)
        {
            Page.Throw(ContentRules.ValidateSlug(slug));
            Slug = slug;
            UpdatedUtc = now;
        }
    }

    public void Publish(DateTimeOffset now)
    {
        if (!HasContent(TitleZh, BodyZh, SummaryZh) && !HasContent(TitleEn, BodyEn, SummaryEn))
        {
            throw new ContentRuleException(new("bodyZh", "A news item needs a title and text in at least one language before it can be published."));
        }

        if (Status != PublishStatus.Published)
        {
            Status = PublishStatus.Published;
            UpdatedUtc = now;
        }
    }

    public void Unpublish(DateTimeOffset now)
    {
        if (Status != PublishStatus.Published)
        {
            throw new ContentRuleException(new("status", "This news item is not published."));
        }

        Status = PublishStatus.Draft;
        UpdatedUtc = now;
    }

    /// <summary>Whether the public may see the item on <paramref name="today"/> (a Hong Kong date).</summary>
    public bool IsVisibleOn(DateOnly today) => IsPublished && PublishDate <= today;

    public LocalizedText? TitleFor(string culture) => ContentRules.Pick(culture, TitleZh, TitleEn);

    /// <summary>Title, summary and body in one language: the requested one when it has a title, else the other.</summary>
    public (LocalizedText Title, string Summary, string Body)? ContentFor(string culture)
    {
        var title = TitleFor(culture);
        if (title is null)
        {
            return null;
        }

        return title.Culture == PortalCultures.English
            ? (title, SummaryEn ?? string.Empty, BodyEn ?? string.Empty)
            : (title, SummaryZh ?? string.Empty, BodyZh ?? string.Empty);
    }

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

    private static bool HasContent(string? title, string? body, string? summary) =>
        !string.IsNullOrWhiteSpace(title) && (!string.IsNullOrWhiteSpace(body) || !string.IsNullOrWhiteSpace(summary));
}
