namespace Portal.Matching.Models;

public enum WorkMode
{
    OnSite = 0,
    Remote = 1,
    Either = 2,
}

public enum NeedStatus
{
    /// <summary>Looking for a partner: shown in suggestions and search.</summary>
    Open = 0,

    /// <summary>A partner and the group have both said yes: not suggested any more.</summary>
    Matched = 1,

    /// <summary>A match was completed: the need was met.</summary>
    Met = 2,

    /// <summary>The group closed it (no longer needed).</summary>
    Closed = 3,
}

public sealed record NeedDetails
{
    public string? Area { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public int? HoursPerMonth { get; init; }
    public int? Months { get; init; }
    public DateOnly? Deadline { get; init; }
    public WorkMode Mode { get; init; }
    public string? Language { get; init; }
}

/// <summary>Something a group lacks (a skill, people or a place), with its time commitment and deadline.</summary>
public sealed class Need
{
    public const int MaxTitle = 120;
    public const int MaxDescription = 2000;

    private Need()
    {
    }

    public long Id { get; private set; }
    public long OrganisationId { get; private set; }
    public string Area { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public int HoursPerMonth { get; private set; }
    public int Months { get; private set; }
    public DateOnly Deadline { get; private set; }
    public WorkMode Mode { get; private set; }
    public string Language { get; private set; } = "yue";
    public NeedStatus Status { get; private set; }
    public string CreatedByUserId { get; private set; } = "";
    public DateTimeOffset CreatedUtc { get; private set; }
    public DateTimeOffset UpdatedUtc { get; private set; }
    public DateTimeOffset? MetUtc { get; private set; }
    public int Version { get; private set; }

    public bool IsOpen => Status == NeedStatus.Open;

    public static Need Post(long organisationId, string userId, NeedDetails details, DateOnly today, DateTimeOffset now)
    {
        var need = new Need { OrganisationId = organisationId, CreatedByUserId = userId, CreatedUtc = now, Status = NeedStatus.Open };
        need.Apply(details, today, now);
        return need;
    }

    public void Update(NeedDetails details, DateOnly today, DateTimeOffset now)
    {
        if (Status is NeedStatus.Met or NeedStatus.Closed)
        {
            throw new MatchingRuleException("This need is closed and can no longer be changed.");
        }

        Apply(details, today, now);
        Version++;
    }

    private void Apply(NeedDetails d, DateOnly today, DateTimeOffset now)
    {
        if (!Vocabulary.Contains(Vocabulary.Areas, d.Area))
        {
            throw new MatchingRuleException("Choose what kind of help the group needs.");
        }

        var title = d.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            throw new MatchingRuleException("Give the need a short title.");
        }

        if (title.Length > MaxTitle)
        {
            throw new MatchingRuleException("Please keep the title under 120 characters.");
        }

        var description = d.Description?.Trim() ?? "";
        if (description.Length == 0)
        {
            throw new MatchingRuleException("Describe what the group needs.");
        }

        if (description.Length > MaxDescription)
        {
            throw new MatchingRuleException("Please keep the description under 2,000 characters.");
        }

        if (d.HoursPerMonth is not { } hours || hours is < 1 or > 200)
        {
            throw new MatchingRuleException("Give the time needed as 1 to 200 hours a month.");
        }

        if (d.Months is not { } months || months is < 1 or > 36)
        {
            throw new MatchingRuleException("Give the length as 1 to 36 months.");
        }

        if (d.Deadline is not { } deadline)
        {
            throw new MatchingRuleException("Give the date by which the group needs the help.");
        }

        if (deadline < today)
        {
            throw new MatchingRuleException("The deadline is in the past. Choose today or a later date.");
        }

        if (deadline > today.AddYears(3))
        {
            throw new MatchingRuleException("Please choose a deadline within the next three years.");
        }

        if (!Enum.IsDefined(d.Mode))
        {
            throw new MatchingRuleException("Choose on site, remote or either.");
        }

        if (!Vocabulary.Contains(Vocabulary.Languages, d.Language))
        {
            throw new MatchingRuleException("Choose the language of the work.");
        }

        Area = d.Area!;
        Title = title;
        Description = description;
        HoursPerMonth = hours;
        Months = months;
        Deadline = deadline;
        Mode = d.Mode;
        Language = d.Language!;
        UpdatedUtc = now;
    }

    /// <summary>Both sides said yes to a partner: the need stops being suggested.</summary>
    internal void MarkMatched(DateTimeOffset now)
    {
        if (Status == NeedStatus.Open)
        {
            Status = NeedStatus.Matched;
            UpdatedUtc = now;
            Version++;
        }
    }

    /// <summary>The match fell through before the need was met: it is open again.</summary>
    internal void Reopen(DateTimeOffset now)
    {
        if (Status == NeedStatus.Matched)
        {
            Status = NeedStatus.Open;
            UpdatedUtc = now;
            Version++;
        }
    }

    internal void MarkMet(DateTimeOffset now)
    {
        if (Status is NeedStatus.Open or NeedStatus.Matched)
        {
            Status = NeedStatus.Met;
            MetUtc = now;
            UpdatedUtc = now;
            Version++;
        }
    }

    public void Close(DateTimeOffset now)
    {
        if (Status is NeedStatus.Met or NeedStatus.Closed)
        {
            throw new MatchingRuleException("This need is already closed.");
        }

        Status = NeedStatus.Closed;
        UpdatedUtc = now;
        Version++;
    }

    internal void EraseAuthor() => CreatedByUserId = "";
}
