namespace Portal.Notifications.Models;

/// <summary>What the bell shows: one line per notification, in the recipient's language.</summary>
internal sealed class InAppNotification
{
    public const int MaxTitleLength = 300;

    private InAppNotification()
    {
    }

    public InAppNotification(string idempotencyKey, string userId, string kind, string title, string? url, DateTimeOffset nowUtc, string? culture = null)
    {
        Id = Guid.NewGuid().ToString("N");
        IdempotencyKey = idempotencyKey;
        UserId = userId;
        Kind = kind;
        Title = title.Length > MaxTitleLength ? title[..MaxTitleLength] : title;
        Url = url;
        CreatedUtc = nowUtc;
        Culture = culture;
    }

    public string Id { get; private set; } = "";
    public string IdempotencyKey { get; private set; } = "";
    public string UserId { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string? Url { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }

    /// <summary>The language <see cref="Title"/> is written in (the recipient's when it was published: zh-HK or en);
    /// null for notifications from before it was recorded, whose language is not known.</summary>
    public string? Culture { get; private set; }

    public DateTimeOffset? ReadUtc { get; private set; }
    public bool IsRead => ReadUtc is not null;

    public void MarkRead(DateTimeOffset nowUtc) => ReadUtc ??= nowUtc;
}
