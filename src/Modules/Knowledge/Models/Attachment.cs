namespace Portal.Knowledge.Models;

public enum AttachmentKind
{
    /// <summary>A toolkit file (template, checklist) listed for download under the article.</summary>
    Document = 0,

    /// <summary>An image used in the article's Markdown.</summary>
    Image = 1,
}

/// <summary>A file uploaded to an article, stored outside the web root under a random name.</summary>
public sealed class Attachment
{
    private Attachment()
    {
    }

    public Guid Id { get; private set; }

    public long ArticleId { get; private set; }

    /// <summary>Safe display and download name (no path, no control characters).</summary>
    public string FileName { get; private set; } = string.Empty;

    /// <summary>Name of the file in the uploads folder.</summary>
    public string StoredName { get; private set; } = string.Empty;

    public string ContentType { get; private set; } = string.Empty;

    public long Length { get; private set; }

    public AttachmentKind Kind { get; private set; }

    public DateTimeOffset UploadedUtc { get; private set; }

    public string? UploadedByUserId { get; private set; }

    internal static Attachment Create(long articleId, UploadCheck check, string? userId, DateTimeOffset nowUtc)
    {
        var id = Guid.NewGuid();
        return new Attachment
        {
            Id = id,
            ArticleId = articleId,
            FileName = check.SafeFileName,
            StoredName = id.ToString("N") + check.Extension,
            ContentType = check.ContentType,
            Length = check.Length,
            Kind = check.IsImage ? AttachmentKind.Image : AttachmentKind.Document,
            UploadedUtc = nowUtc,
            UploadedByUserId = userId,
        };
    }
}
