namespace Portal.Knowledge.Models;

/// <summary>A saved state of an article's content. Revisions are never changed or deleted.</summary>
public sealed class ArticleRevision
{
    private ArticleRevision()
    {
    }

    public long Id { get; private set; }

    public long ArticleId { get; private set; }

    public int Number { get; private set; }

    public string Title { get; private set; } = string.Empty;

    public string Summary { get; private set; } = string.Empty;

    public string Body { get; private set; } = string.Empty;

    public long? CategoryId { get; private set; }

    public List<string> Tags { get; private set; } = [];

    public List<string> Conditions { get; private set; } = [];

    public List<string> Audiences { get; private set; } = [];

    public ArticleVisibility Visibility { get; private set; }

    public string? AuthorUserId { get; private set; }

    public string? Note { get; private set; }

    public DateTimeOffset CreatedUtc { get; private set; }

    internal static ArticleRevision Snapshot(Article article, ArticleContent content, string? authorUserId, DateTimeOffset nowUtc, string? note) => new()
    {
        ArticleId = article.Id,
        Number = article.CurrentRevision,
        Title = content.Title,
        Summary = content.Summary,
        Body = content.Body,
        CategoryId = content.CategoryId,
        Tags = [.. content.Tags],
        Conditions = [.. content.Conditions],
        Audiences = [.. content.Audiences],
        Visibility = content.Visibility,
        AuthorUserId = authorUserId,
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        CreatedUtc = nowUtc,
    };

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
}
