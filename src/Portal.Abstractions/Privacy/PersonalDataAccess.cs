namespace Portal.Privacy;

/// <summary>What staff did with another person's data.</summary>
public enum PersonalDataAction
{
    /// <summary>Opened a page or list showing it.</summary>
    Viewed = 0,

    /// <summary>Downloaded it (CSV, PDF, a data export).</summary>
    Exported = 1,

    /// <summary>Changed it (roles, name, standing, a decision about the person).</summary>
    Changed = 2,
}

/// <summary>
/// A kind of personal data that staff can open, e.g. <c>mentoring.pairs</c>. <see cref="HealthRelated"/> areas (mentoring
/// notes, forum posts held for review) need a short reason each time they are opened.
/// </summary>
/// <param name="Name">Stable dotted name, <c>{module}.{what}</c>, lower case; stored in every entry, never translated.</param>
/// <param name="Title">Title in the current UI culture (through the module's localizer), shown on <c>/admin/audit</c>
/// and on the person's account page.</param>
/// <param name="HealthRelated">Staff give a reason before opening it (<see cref="PersonalDataReasonPrompt"/>).</param>
public sealed record AuditedArea(string Name, string Title, bool HealthRelated = false);

/// <summary>The areas of personal data a module lets staff open. Register with <c>services.AddAuditedAreas&lt;T&gt;()</c>.</summary>
public interface IAuditedAreaProvider
{
    IEnumerable<AuditedArea> GetAreas();
}

/// <summary>One access by staff to other people's personal data.</summary>
/// <param name="ActorUserId">Who: the staff member's user id.</param>
/// <param name="SubjectUserIds">Whom: the people whose data was shown (the actor's own id is left out).</param>
/// <param name="Area">What: an <see cref="AuditedArea.Name"/> the module registered.</param>
/// <param name="Action">Viewed, exported or changed.</param>
/// <param name="Reason">Why: required for <see cref="AuditedArea.HealthRelated"/> areas (at most
/// <see cref="PersonalDataAccessLimits.ReasonMaxLength"/> characters).</param>
/// <param name="Item">Which record, as a short reference without personal data (e.g. <c>pair 12</c>, <c>cohort 3</c>);
/// at most <see cref="PersonalDataAccessLimits.ItemMaxLength"/> characters.</param>
public sealed record PersonalDataAccess(
    string ActorUserId,
    IReadOnlyCollection<string> SubjectUserIds,
    string Area,
    PersonalDataAction Action,
    string? Reason = null,
    string? Item = null)
{
    public PersonalDataAccess(string actorUserId, string subjectUserId, string area, PersonalDataAction action, string? reason = null, string? item = null)
        : this(actorUserId, [subjectUserId], area, action, reason, item)
    {
    }
}

public static class PersonalDataAccessLimits
{
    public const int ReasonMaxLength = 300;

    public const int ItemMaxLength = 200;
}

/// <summary>
/// The audit trail of staff access to personal data (PDPO). Every page, export or action by which staff or an
/// administrator opens, downloads or changes <em>another</em> person's data calls <see cref="RecordAsync"/> once,
/// when the data is shown or changed. The trail is append-only for the application: entries are never edited, and
/// only the host's retention task deletes them when they are past their time. The time is the host's
/// <see cref="TimeProvider"/>. Administrators read it at <c>/admin/audit</c>; each person sees the entries about them
/// on their account page and in their data export.
/// </summary>
public interface IPersonalDataAccessLog
{
    /// <summary>Appends one entry per subject (self-access is not recorded). Throws
    /// <see cref="InvalidOperationException"/> for an area no module registered, or a health-related area without a
    /// reason: a programming error, never the visitor's.</summary>
    Task RecordAsync(PersonalDataAccess access, CancellationToken cancellationToken = default);

    /// <summary>The reason the signed-in person gave through the reason prompt for <paramref name="scope"/> (e.g.
    /// <c>mentoring.pair:12</c>) in the last half hour on this browser, or null: the caller then returns
    /// <see cref="PersonalDataReasonPrompt"/> instead of the data.</summary>
    string? GivenReason(string scope);
}

/// <summary>
/// The host's page that asks staff why they open health-related data. A controller returns
/// <c>View(PersonalDataReasonPrompt.ViewName, new PersonalDataReasonPrompt(area, scope, returnUrl))</c>; the form posts
/// to the host, which keeps the reason for the scope for half an hour on this browser and returns to
/// <paramref name="ReturnUrl"/> (a local address), where <see cref="IPersonalDataAccessLog.GivenReason"/> finds it.
/// </summary>
/// <param name="Area">The <see cref="AuditedArea.Name"/> being opened (its title is shown).</param>
/// <param name="Scope">What the reason covers: one record (<c>mentoring.pair:12</c>) or one list (<c>forum.moderation</c>).</param>
/// <param name="ReturnUrl">The page to show once the reason is given.</param>
public sealed record PersonalDataReasonPrompt(string Area, string Scope, string ReturnUrl)
{
    /// <summary>The host's shared view (found from any area through <c>/Views/Shared</c>).</summary>
    public const string ViewName = "PersonalDataReason";

    /// <summary>Text typed before a problem was found (kept in the form).</summary>
    public string? Reason { get; init; }

    /// <summary>The problem with <see cref="Reason"/>, in the person's language.</summary>
    public string? Problem { get; init; }
}
