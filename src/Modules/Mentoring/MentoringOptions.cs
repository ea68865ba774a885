namespace Portal.Mentoring;

/// <summary>Settings under <c>Portal:Mentoring</c>.</summary>
public sealed class MentoringOptions
{
    public const string Section = "Portal:Mentoring";

    /// <summary>Days without anything logged before an active pair counts as stalled (0 turns the warning off).</summary>
    public int StallAfterDays { get; set; } = 21;

    /// <summary>Days a mentor has to answer a mentee's request before it expires.</summary>
    public int RequestDays { get; set; } = 7;

    /// <summary>Hours before a planned meeting that both get a reminder.</summary>
    public int ReminderHoursBefore { get; set; } = 24;

    /// <summary>Minutes between two runs of the scheme's background tasks.</summary>
    public int TaskIntervalMinutes { get; set; } = 60;

    public string ProgrammeTitleZh { get; set; } = "自助組織領袖師友計劃";

    public string ProgrammeTitleEn { get; set; } = "Self-help group leaders' mentor scheme";

    public TimeSpan TaskInterval => TimeSpan.FromMinutes(TaskIntervalMinutes is >= 1 and <= 1440 ? TaskIntervalMinutes : 60);
}
