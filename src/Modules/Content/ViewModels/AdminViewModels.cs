using Portal.Content.Models;

namespace Portal.Content.ViewModels;

/// <summary>The page editor's form: both languages side by side.</summary>
public sealed class PageForm
{
    public string? Slug { get; set; }
    public string? TitleZh { get; set; }
    public string? TitleEn { get; set; }
    public string? BodyZh { get; set; }
    public string? BodyEn { get; set; }

    public PageText ToText() => new(TitleZh, TitleEn, BodyZh, BodyEn);

    public static PageForm From(Page page) => new()
    {
        Slug = page.Slug,
        TitleZh = page.TitleZh,
        TitleEn = page.TitleEn,
        BodyZh = page.BodyZh,
        BodyEn = page.BodyEn,
    };
}

public sealed class NewsForm
{
    public string? Slug { get; set; }
    public string? TitleZh { get; set; }
    public string? TitleEn { get; set; }
    public string? SummaryZh { get; set; }
    public string? SummaryEn { get; set; }
    public string? BodyZh { get; set; }
    public string? BodyEn { get; set; }

    /// <summary><c>yyyy-MM-dd</c> (an <c>input type=date</c>); bound as text so a bad value gets our own message.</summary>
    public string? PublishDate { get; set; }

    public NewsText ToText() => new(TitleZh, TitleEn, SummaryZh, SummaryEn, BodyZh, BodyEn);

    public static NewsForm From(NewsItem item) => new()
    {
        Slug = item.Slug,
        TitleZh = item.TitleZh,
        TitleEn = item.TitleEn,
        SummaryZh = item.SummaryZh,
        SummaryEn = item.SummaryEn,
        BodyZh = item.BodyZh,
        BodyEn = item.BodyEn,
        PublishDate = item.PublishDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };
}

public sealed class MenuItemForm
{
    public string? TextZh { get; set; }
    public string? TextEn { get; set; }
    public string? Url { get; set; }
}

/// <summary>What a save did: the item's id, or the problems to show beside the fields.</summary>
public sealed record EditOutcome(long? Id, IReadOnlyList<ContentError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public static EditOutcome Ok(long id) => new(id, []);

    public static EditOutcome Failed(params ContentError[] errors) => new(null, errors);

    public static EditOutcome Failed(IEnumerable<ContentError> errors) => new(null, [.. errors]);
}

/// <summary>The editor view of a page or news item.</summary>
public sealed class PageEditViewModel
{
    public long? Id { get; init; }
    public required PageForm Form { get; init; }
    public PublishStatus Status { get; init; }
    public DateTimeOffset? UpdatedUtc { get; init; }
    public bool CanDelete { get; init; } = true;
    public IReadOnlyList<PageRevision> Revisions { get; init; } = [];

    /// <summary>The page's current version number (0 for a new page).</summary>
    public int Version { get; init; }

    /// <summary>Set after the Preview button: the sanitized HTML of each language's Markdown.</summary>
    public string? PreviewZh { get; init; }
    public string? PreviewEn { get; init; }
    public bool ShowPreview { get; init; }
}

public sealed class NewsEditViewModel
{
    public long? Id { get; init; }
    public required NewsForm Form { get; init; }
    public PublishStatus Status { get; init; }
    public DateTimeOffset? UpdatedUtc { get; init; }
    public string? PreviewZh { get; init; }
    public string? PreviewEn { get; init; }
    public bool ShowPreview { get; init; }
}

public sealed record ContentListItem(long Id, string Slug, string Title, PublishStatus Status, DateTimeOffset UpdatedUtc, DateOnly? PublishDate = null);

public sealed class MenuAdminViewModel
{
    public required IReadOnlyList<MenuItem> Items { get; init; }
    public MenuItemForm NewItem { get; init; } = new();

    /// <summary>The item whose form had errors (0 = the "add" form).</summary>
    public long? ErrorItemId { get; init; }
    public MenuItemForm? ErrorForm { get; init; }
}

public sealed record DeleteViewModel(long Id, string Title, string Kind, string PostUrl, string CancelUrl);

/// <summary>One version of a page in its history. <see cref="SavedBy"/> is a display name, never an e-mail address;
/// <see cref="NameHidden"/> says a name was recorded but is not shown.</summary>
public sealed record PageVersionRow(int Version, DateTimeOffset SavedUtc, string? SavedBy, bool NameHidden, IReadOnlyList<string> ChangedCultures, bool IsCurrent, bool IsFirst);

public sealed class PageHistoryViewModel
{
    public long PageId { get; init; }
    public required string Title { get; init; }
    public PublishStatus Status { get; init; }
    public required IReadOnlyList<PageVersionRow> Versions { get; init; }
}

/// <summary>What changed in one language between an earlier version and the current text.</summary>
public sealed record LanguageChanges(string Culture, IReadOnlyList<Portal.Content.Services.DiffLine> Title, IReadOnlyList<Portal.Content.Services.DiffLine> Body)
{
    public bool HasChanges => Title.Concat(Body).Any(l => l.Kind != Portal.Content.Services.DiffKind.Same);
}

public sealed class PageRevisionViewModel
{
    public long PageId { get; init; }
    public required string PageTitle { get; init; }
    public PublishStatus Status { get; init; }
    public int CurrentVersion { get; init; }
    public required PageVersionRow Row { get; init; }
    public required PageText Text { get; init; }

    /// <summary>The sanitized HTML of each language's Markdown body.</summary>
    public required string HtmlZh { get; init; }
    public required string HtmlEn { get; init; }
    public required IReadOnlyList<LanguageChanges> Changes { get; init; }
}

/// <summary>What a restore did: the problem, or whether the text changed and the page's version now.</summary>
public sealed record RestoreOutcome(IReadOnlyList<ContentError> Errors, bool TextChanged, int Version)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>The restore form's status choice: <c>keep</c> (or nothing), <c>publish</c>, <c>draft</c>.</summary>
    public static StatusAfterRestore? ParseStatus(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "keep" => StatusAfterRestore.Keep,
        "publish" => StatusAfterRestore.Publish,
        "draft" => StatusAfterRestore.Draft,
        _ => null,
    };
}
