namespace Portal.Notifications.Models;

public enum OutboxStatus
{
    Queued = 0,
    Sending = 1,
    Sent = 2,
    Failed = 3,
}

/// <summary>
/// One e-mail, fully rendered when it was queued. The worker claims it (Queued → Sending with a lease), sends it
/// and records the outcome; a lease that runs out (the process died) makes it claimable again.
/// </summary>
internal sealed class OutboxMessage
{
    public const int MaxErrorLength = 500;

    private OutboxMessage()
    {
    }

    public OutboxMessage(
        string idempotencyKey,
        string kind,
        string? recipientUserId,
        string recipientEmail,
        string recipientName,
        string culture,
        RenderedEmail email,
        string? unsubscribeUrl,
        DateTimeOffset nowUtc)
    {
        Id = Guid.NewGuid().ToString("N");
        IdempotencyKey = idempotencyKey;
        Kind = kind;
        RecipientUserId = recipientUserId;
        RecipientEmail = recipientEmail;
        RecipientName = recipientName;
        Culture = culture;
        Subject = email.Subject;
        HtmlBody = email.Html;
        TextBody = email.Text;
        UnsubscribeUrl = unsubscribeUrl;
        Status = OutboxStatus.Queued;
        CreatedUtc = nowUtc;
        NextAttemptUtc = nowUtc;
    }

    public string Id { get; private set; } = "";
    public string IdempotencyKey { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public string? RecipientUserId { get; private set; }
    public string RecipientEmail { get; private set; } = "";
    public string RecipientName { get; private set; } = "";
    public string Culture { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string HtmlBody { get; private set; } = "";
    public string TextBody { get; private set; } = "";
    public string? UnsubscribeUrl { get; private set; }
    public OutboxStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }
    public DateTimeOffset NextAttemptUtc { get; private set; }

    /// <summary>Until when the current claim holds; after it, another worker may take the message over.</summary>
    public DateTimeOffset? LeaseUntilUtc { get; private set; }

    /// <summary>Identifies the worker pass holding the claim, so only it records the outcome.</summary>
    public string? ClaimToken { get; private set; }

    public DateTimeOffset? SentUtc { get; private set; }

    /// <summary>Error of the last attempt, with addresses removed.</summary>
    public string? LastError { get; private set; }

    /// <summary>The Message-Id header sent: derived from <see cref="Id"/>, so every attempt carries the same one.</summary>
    public string? MessageId { get; private set; }

    public void MarkSent(string messageId, DateTimeOffset nowUtc)
    {
        Status = OutboxStatus.Sent;
        MessageId = messageId;
        SentUtc = nowUtc;
        LeaseUntilUtc = null;
        ClaimToken = null;
        LastError = null;
    }

    /// <summary>Records a failed attempt: back to the queue after <paramref name="retryDelay"/>, or parked as failed
    /// once <paramref name="maxAttempts"/> attempts have been made.</summary>
    public void MarkAttemptFailed(string error, int maxAttempts, TimeSpan retryDelay, DateTimeOffset nowUtc)
    {
        LastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        LeaseUntilUtc = null;
        ClaimToken = null;
        if (Attempts >= maxAttempts)
        {
            Status = OutboxStatus.Failed;
        }
        else
        {
            Status = OutboxStatus.Queued;
            NextAttemptUtc = nowUtc + retryDelay;
        }
    }

    /// <summary>Gives a claimed message back to the queue untried (the server refused everyone before its turn): the
    /// attempt counted at claiming is returned.</summary>
    public void Release(DateTimeOffset notBeforeUtc)
    {
        if (Status != OutboxStatus.Sending)
        {
            return;
        }

        Status = OutboxStatus.Queued;
        Attempts = Math.Max(0, Attempts - 1);
        NextAttemptUtc = notBeforeUtc;
        LeaseUntilUtc = null;
        ClaimToken = null;
    }

    /// <summary>Staff resend a parked message: it gets a fresh set of attempts.</summary>
    public bool Requeue(DateTimeOffset nowUtc)
    {
        if (Status != OutboxStatus.Failed)
        {
            return false;
        }

        Status = OutboxStatus.Queued;
        Attempts = 0;
        NextAttemptUtc = nowUtc;
        return true;
    }
}

/// <summary>Subject, HTML and text of an e-mail after the template has been applied.</summary>
internal sealed record RenderedEmail(string Subject, string Html, string Text);
