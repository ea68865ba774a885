namespace Portal.Matching;

/// <summary>Settings under <c>Portal:Matching</c>.</summary>
public sealed class MatchingOptions
{
    public const string Section = "Portal:Matching";

    /// <summary>Working days (Hong Kong) a group has to answer a partner's offer.</summary>
    public int AnswerWorkingDays { get; set; } = 5;

    /// <summary>Hours before the answer deadline that the group gets a reminder.</summary>
    public int ReminderHoursBefore { get; set; } = 48;

    /// <summary>Minutes between two runs of the scheme's background tasks.</summary>
    public int TaskIntervalMinutes { get; set; } = 60;

    /// <summary>The centre's network targets (five-year plan): companies and professional volunteers.</summary>
    public int CompanyTarget { get; set; } = 13;

    public int ProfessionalVolunteerTarget { get; set; } = 20;

    public TimeSpan TaskInterval => TimeSpan.FromMinutes(TaskIntervalMinutes is >= 1 and <= 1440 ? TaskIntervalMinutes : 60);
}
