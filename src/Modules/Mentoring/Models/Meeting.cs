namespace Portal.Mentoring.Models;

public enum MeetingMode
{
    InPerson = 0,
    Phone = 1,
    Video = 2,
}

/// <summary>A meeting the mentor logged. The mentee confirms it and may rate it. Private notes are a separate
/// entity (<see cref="PrivateNote"/>) so that no query of meetings can carry them by accident.</summary>
public sealed class Meeting
{
    public const int MaxTopics = 500;
    public const int MaxNotes = 4000;

    private Meeting()
    {
    }

    public long Id { get; private set; }
    public long PairId { get; private set; }
    public DateTimeOffset HeldUtc { get; private set; }
    public int Minutes { get; private set; }
    public MeetingMode Mode { get; private set; }
    public string? Topics { get; private set; }

    /// <summary>Notes the mentee sees too.</summary>
    public string? SharedNotes { get; private set; }
    public DateTimeOffset LoggedUtc { get; private set; }
    public DateTimeOffset? ConfirmedUtc { get; private set; }

    /// <summary>The mentee's rating of the session, 1–5.</summary>
    public int? Rating { get; private set; }

    public static Meeting Log(Pair pair, DateTimeOffset held, int minutes, MeetingMode mode, string? topics, string? sharedNotes, DateTimeOffset now)
    {
        if (pair.Status != PairStatus.Active)
        {
            throw new MentoringRuleException("Meetings can be logged while the pair is active.");
        }

        if (held > now)
        {
            throw new MentoringRuleException("A meeting cannot be logged before it has happened. Plan it as the next meeting instead.");
        }

        if (pair.StartedUtc is { } started && held < started.AddDays(-31))
        {
            throw new MentoringRuleException("The meeting date is before the pair started.");
        }

        if (minutes <= 0)
        {
            throw new MentoringRuleException("The length must be a positive number of minutes.");
        }

        if (minutes > 600)
        {
            throw new MentoringRuleException("A meeting lasts between 5 and 600 minutes.");
        }

        if (!Enum.IsDefined(mode))
        {
            throw new MentoringRuleException("Choose how you met.");
        }

        if ((topics?.Length ?? 0) > MaxTopics)
        {
            throw new MentoringRuleException("Please keep the topics under 500 characters.");
        }

        if ((sharedNotes?.Length ?? 0) > MaxNotes)
        {
            throw new MentoringRuleException("Please keep the notes under 4,000 characters.");
        }

        var meeting = new Meeting
        {
            PairId = pair.Id,
            HeldUtc = held,
            Minutes = minutes,
            Mode = mode,
            Topics = string.IsNullOrWhiteSpace(topics) ? null : topics.Trim(),
            SharedNotes = string.IsNullOrWhiteSpace(sharedNotes) ? null : sharedNotes.Trim(),
            LoggedUtc = now,
        };
        pair.MeetingLogged(now);
        return meeting;
    }

    /// <summary>The mentee confirms the meeting took place, with an optional rating.</summary>
    public void Confirm(int? rating, DateTimeOffset now)
    {
        if (rating is < 1 or > 5)
        {
            throw new MentoringRuleException("Choose a rating from 1 to 5.");
        }

        ConfirmedUtc ??= now;
        Rating = rating ?? Rating;
    }

    internal void ForgetMenteeAnswers() => Rating = null;
}

/// <summary>A mentor's private note on a meeting: read only by its author, never by the mentee, staff, exports of
/// other people or search.</summary>
public sealed class PrivateNote
{
    private PrivateNote()
    {
    }

    public long Id { get; private set; }
    public long MeetingId { get; private set; }
    public string AuthorUserId { get; private set; } = "";
    public string Text { get; private set; } = "";
    public DateTimeOffset WrittenUtc { get; private set; }

    public static PrivateNote Write(long meetingId, string authorUserId, string text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new MentoringRuleException("The private note is empty.");
        }

        if (text.Length > Meeting.MaxNotes)
        {
            throw new MentoringRuleException("Please keep the notes under 4,000 characters.");
        }

        return new PrivateNote { MeetingId = meetingId, AuthorUserId = authorUserId, Text = text.Trim(), WrittenUtc = now };
    }
}

public enum ActionOwner
{
    Mentee = 0,
    Mentor = 1,
}

/// <summary>Something one of the pair will do before a later meeting.</summary>
public sealed class ActionItem
{
    public const int MaxText = 300;

    private ActionItem()
    {
    }

    public long Id { get; private set; }
    public long PairId { get; private set; }
    public long? MeetingId { get; private set; }
    public string Text { get; private set; } = "";
    public ActionOwner Owner { get; private set; }
    public DateOnly? DueOn { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }
    public DateTimeOffset? DoneUtc { get; private set; }

    public bool IsOpen => DoneUtc is null;

    public static ActionItem Add(long pairId, long? meetingId, string text, ActionOwner owner, DateOnly? dueOn, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new MentoringRuleException("Describe the action.");
        }

        if (text.Length > MaxText)
        {
            throw new MentoringRuleException("Please keep an action under 300 characters.");
        }

        return new ActionItem { PairId = pairId, MeetingId = meetingId, Text = text.Trim(), Owner = owner, DueOn = dueOn, CreatedUtc = now };
    }

    public void SetDone(bool done, DateTimeOffset now) => DoneUtc = done ? DoneUtc ?? now : null;
}
