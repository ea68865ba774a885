namespace Portal.Notifications.Services;

/// <summary>Worker and link settings, bound from <c>Portal:Notifications</c>.</summary>
public sealed class NotificationsOptions
{
    public const string SectionName = "Portal:Notifications";

    /// <summary>How often the worker looks for due messages and digests.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>After this many failed attempts a message is parked as Failed for staff to see.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Delay before the second attempt; doubled after every further failure.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long a claimed message stays reserved for the worker that claimed it.</summary>
    public TimeSpan SendingLease { get; set; } = TimeSpan.FromMinutes(5);

    public int BatchSize { get; set; } = 50;

    /// <summary>Hour of day (Hong Kong time) digests go out; weekly digests go out on Mondays.</summary>
    public int DigestHourHkt { get; set; } = 8;

    /// <summary>Sent e-mails (and digest entries that went out) are deleted after this.</summary>
    public TimeSpan KeepSentEmailsFor { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Parked e-mails stay visible to staff this long.</summary>
    public TimeSpan KeepFailedEmailsFor { get; set; } = TimeSpan.FromDays(180);

    /// <summary>Read in-app notifications are deleted after this (unread ones stay).</summary>
    public TimeSpan KeepReadNotificationsFor { get; set; } = TimeSpan.FromDays(180);

    /// <summary>How often the retention clean-up runs.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(6);

    public TimeSpan RetryDelayAfter(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = RetryBaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= RetryMaxDelay.Ticks ? RetryMaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
