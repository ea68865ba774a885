namespace Portal.Notifications.Models;

/// <summary>A notification waiting for the person's daily or weekly digest.</summary>
internal sealed class DigestItem
{
    private DigestItem()
    {
    }

    public DigestItem(string idempotencyKey, string userId, string kind, string culture, string title, string? url, DeliveryPreference frequency, DateTimeOffset dueUtc, DateTimeOffset nowUtc)
    {
        IdempotencyKey = idempotencyKey;
        UserId = userId;
        Kind = kind;
        Culture = culture;
        Title = title.Length > InAppNotification.MaxTitleLength ? title[..InAppNotification.MaxTitleLength] : title;
        Url = url;
        Frequency = frequency;
        DueUtc = dueUtc;
        CreatedUtc = nowUtc;
    }

    public long Id { get; private set; }
    public string IdempotencyKey { get; private set; } = "";
    public string UserId { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public string Culture { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string? Url { get; private set; }
    public DeliveryPreference Frequency { get; private set; }

    /// <summary>When the digest this item belongs to goes out (08:00 HKT, Mondays for weekly).</summary>
    public DateTimeOffset DueUtc { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }

    /// <summary>Id of the outbox message that carried it, once the digest has been queued.</summary>
    public string? OutboxMessageId { get; private set; }

    public void IncludeIn(string outboxMessageId) => OutboxMessageId = outboxMessageId;
}
