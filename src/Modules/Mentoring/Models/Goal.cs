namespace Portal.Mentoring.Models;

public enum GoalStatus
{
    NotStarted = 0,
    InProgress = 1,
    Achieved = 2,
    Dropped = 3,
}

/// <summary>A SMART goal of the mentee, agreed in the pair.</summary>
public sealed class Goal
{
    public const int MaxTitle = 200;
    public const int MaxText = 1000;

    private Goal()
    {
    }

    public long Id { get; private set; }
    public long PairId { get; private set; }
    public string Title { get; private set; } = "";

    /// <summary>Specific: what exactly.</summary>
    public string? Specific { get; private set; }

    /// <summary>Measurable: how we will know.</summary>
    public string? Measure { get; private set; }

    /// <summary>Achievable and relevant: why it matters now, what makes it possible.</summary>
    public string? Relevance { get; private set; }

    /// <summary>Time-bound.</summary>
    public DateOnly? TargetDate { get; private set; }
    public GoalStatus Status { get; private set; }
    public int Progress { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }
    public DateTimeOffset UpdatedUtc { get; private set; }
    public DateTimeOffset? AchievedUtc { get; private set; }
    public int Version { get; private set; }

    public static Goal Create(long pairId, GoalDetails details, DateTimeOffset now)
    {
        var goal = new Goal { PairId = pairId, CreatedUtc = now };
        goal.Update(details, now);
        return goal;
    }

    public void Update(GoalDetails details, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(details.Title))
        {
            throw new MentoringRuleException("Please give the goal a title.");
        }

        if (details.Title.Length > MaxTitle)
        {
            throw new MentoringRuleException("Please keep the title under 200 characters.");
        }

        if ((details.Specific?.Length ?? 0) > MaxText || (details.Measure?.Length ?? 0) > MaxText || (details.Relevance?.Length ?? 0) > MaxText)
        {
            throw new MentoringRuleException("Please keep each text under 1,000 characters.");
        }

        if (details.Progress is < 0 or > 100)
        {
            throw new MentoringRuleException("Progress is a percentage between 0 and 100.");
        }

        Title = details.Title.Trim();
        Specific = Clean(details.Specific);
        Measure = Clean(details.Measure);
        Relevance = Clean(details.Relevance);
        TargetDate = details.TargetDate;
        Status = details.Status;
        Progress = details.Status == GoalStatus.Achieved ? 100 : details.Progress;
        if (Status == GoalStatus.Achieved)
        {
            AchievedUtc ??= now;
        }
        else
        {
            AchievedUtc = null;
        }

        UpdatedUtc = now;
        Version++;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

public sealed class GoalDetails
{
    public string Title { get; set; } = "";
    public string? Specific { get; set; }
    public string? Measure { get; set; }
    public string? Relevance { get; set; }
    public DateOnly? TargetDate { get; set; }
    public GoalStatus Status { get; set; }
    public int Progress { get; set; }
}
