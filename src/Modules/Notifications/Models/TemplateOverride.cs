namespace Portal.Notifications.Models;

/// <summary>Staff wording of a kind in one language; replaces the module's default template.</summary>
internal sealed class TemplateOverride
{
    public const int MaxSubjectLength = 300;
    public const int MaxBodyLength = 20_000;

    private TemplateOverride()
    {
    }

    public TemplateOverride(string kind, string culture, string subject, string body, string updatedBy, DateTimeOffset nowUtc)
    {
        Kind = kind;
        Culture = culture;
        Update(subject, body, updatedBy, nowUtc);
    }

    public long Id { get; private set; }
    public string Kind { get; private set; } = "";
    public string Culture { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string Body { get; private set; } = "";
    /// <summary>The user id of the staff member who saved it (a user name on rows saved before ids were kept).</summary>
    public string UpdatedBy { get; private set; } = "";
    public DateTimeOffset UpdatedUtc { get; private set; }

    public void Update(string subject, string body, string updatedBy, DateTimeOffset nowUtc)
    {
        Subject = subject;
        Body = body;
        UpdatedBy = updatedBy;
        UpdatedUtc = nowUtc;
    }
}
