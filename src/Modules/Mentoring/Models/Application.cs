namespace Portal.Mentoring.Models;

public enum ApplicationRole
{
    Mentor = 0,
    Mentee = 1,
}

public enum ApplicationStatus
{
    Pending = 0,
    Approved = 1,
    Declined = 2,
    Withdrawn = 3,
}

/// <summary>
/// A person's application to the scheme as a mentor or as a mentee, which is also their profile for matching.
/// Staff approve or decline it (a decline always carries a reason, which the applicant is told).
/// </summary>
public sealed class Application
{
    public const int MaxText = 2000;
    public const int MaxShort = 200;

    private Application()
    {
    }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public ApplicationRole Role { get; private set; }
    public ApplicationStatus Status { get; private set; }
    public string? Organisation { get; private set; }

    /// <summary>Mentor: areas of expertise. Mentee: areas needing help. Comma-separated slugs.</summary>
    public string Areas { get; private set; } = "";
    public string Languages { get; private set; } = "";
    public string Districts { get; private set; } = "";
    public string Availability { get; private set; } = "";

    /// <summary>Mentors: most mentees at once.</summary>
    public int Capacity { get; private set; }

    /// <summary>Mentor: short bio. Mentee: goals for the mentorship.</summary>
    public string? About { get; private set; }

    /// <summary>Mentee: preferences (e.g. "a mentor who has led a carers' group").</summary>
    public string? Preferences { get; private set; }

    public DateTimeOffset AppliedUtc { get; private set; }
    public DateTimeOffset? DecidedUtc { get; private set; }
    public string? DecidedByUserId { get; private set; }
    public string? DecisionReason { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyList<string> AreaList => Vocabulary.Split(Areas);
    public IReadOnlyList<string> LanguageList => Vocabulary.Split(Languages);
    public IReadOnlyList<string> DistrictList => Vocabulary.Split(Districts);
    public IReadOnlyList<string> AvailabilityList => Vocabulary.Split(Availability);

    public static Application Submit(string userId, ApplicationRole role, ApplicationDetails details, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var application = new Application { UserId = userId, Role = role, AppliedUtc = now, Status = ApplicationStatus.Pending };
        application.Update(details);
        return application;
    }

    /// <summary>Changes the profile. A declined or withdrawn application goes back to staff as a new request.</summary>
    public void Update(ApplicationDetails details)
    {
        var areas = Vocabulary.Clean(Vocabulary.Areas, details.Areas);
        if (areas.Count == 0)
        {
            throw new MentoringRuleException(Role == ApplicationRole.Mentor ? "Choose at least one area of expertise." : "Choose at least one area you would like help with.");
        }

        var languages = Vocabulary.Clean(Vocabulary.Languages, details.Languages);
        if (languages.Count == 0)
        {
            throw new MentoringRuleException("Choose at least one language.");
        }

        if (Role == ApplicationRole.Mentor && details.Capacity is < 1 or > 10)
        {
            throw new MentoringRuleException("A mentor can take between 1 and 10 mentees at once.");
        }

        if ((details.About?.Length ?? 0) > MaxText || (details.Preferences?.Length ?? 0) > MaxText)
        {
            throw new MentoringRuleException("Please keep each text under 2,000 characters.");
        }

        if ((details.Organisation?.Length ?? 0) > MaxShort)
        {
            throw new MentoringRuleException("Please keep the organisation's name under 200 characters.");
        }

        Organisation = Normalise(details.Organisation);
        Areas = Vocabulary.Join(areas);
        Languages = Vocabulary.Join(languages);
        Districts = Vocabulary.Join(Vocabulary.Clean(Vocabulary.Districts, details.Districts));
        Availability = Vocabulary.Join(Vocabulary.Clean(Vocabulary.Availability, details.Availability));
        Capacity = Role == ApplicationRole.Mentor ? details.Capacity : 0;
        About = Normalise(details.About);
        Preferences = Normalise(details.Preferences);
        if (Status is ApplicationStatus.Declined or ApplicationStatus.Withdrawn)
        {
            Status = ApplicationStatus.Pending;
            DecidedUtc = null;
            DecidedByUserId = null;
            DecisionReason = null;
        }

        Version++;
    }

    public void Approve(string staffUserId, DateTimeOffset now)
    {
        if (Status != ApplicationStatus.Pending)
        {
            throw new MentoringRuleException("This application has already been decided.");
        }

        Status = ApplicationStatus.Approved;
        DecidedUtc = now;
        DecidedByUserId = staffUserId;
        DecisionReason = null;
        Version++;
    }

    public void Decline(string staffUserId, string reason, DateTimeOffset now)
    {
        if (Status != ApplicationStatus.Pending)
        {
            throw new MentoringRuleException("This application has already been decided.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new MentoringRuleException("Please give the applicant a reason.");
        }

        if (reason.Length > MaxText)
        {
            throw new MentoringRuleException("Please keep each text under 2,000 characters.");
        }

        Status = ApplicationStatus.Declined;
        DecidedUtc = now;
        DecidedByUserId = staffUserId;
        DecisionReason = reason.Trim();
        Version++;
    }

    public void Withdraw()
    {
        Status = ApplicationStatus.Withdrawn;
        Version++;
    }

    internal void Anonymise()
    {
        UserId = "";
        Organisation = null;
        About = null;
        Preferences = null;
        DecisionReason = null;
        DecidedByUserId = null;
        Status = ApplicationStatus.Withdrawn;
    }

    private static string? Normalise(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

public sealed class ApplicationDetails
{
    public string? Organisation { get; set; }
    public List<string> Areas { get; set; } = [];
    public List<string> Languages { get; set; } = [];
    public List<string> Districts { get; set; } = [];
    public List<string> Availability { get; set; } = [];
    public int Capacity { get; set; } = 2;
    public string? About { get; set; }
    public string? Preferences { get; set; }
}
