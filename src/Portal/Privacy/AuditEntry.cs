using Portal.Privacy;

namespace Portal.Hosting.Privacy;

/// <summary>
/// One access by staff to another person's personal data (<see cref="IPersonalDataAccessLog"/>). Append-only: no
/// setter is public and no code path updates a row; only <see cref="PrivacyRetentionJob"/> deletes rows past their time.
/// Holds user ids only (names are looked up when shown, so a deleted account shows as such).
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    public AuditEntry(DateTimeOffset occurredUtc, string actorUserId, string subjectUserId, string area, PersonalDataAction action, string? reason, string? item)
    {
        OccurredUtc = occurredUtc;
        ActorUserId = actorUserId;
        SubjectUserId = subjectUserId;
        Area = area;
        Action = action;
        Reason = reason;
        Item = item;
    }

    public long Id { get; private set; }

    public DateTimeOffset OccurredUtc { get; private set; }

    public string ActorUserId { get; private set; } = string.Empty;

    public string SubjectUserId { get; private set; } = string.Empty;

    public string Area { get; private set; } = string.Empty;

    public PersonalDataAction Action { get; private set; }

    public string? Reason { get; private set; }

    public string? Item { get; private set; }
}
