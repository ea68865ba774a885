namespace Portal.Forum.Models;

public enum TreatmentKind
{
    Treatment = 0,
    Therapy = 1,
    Coping = 2,
}

public enum RatingDuration
{
    UnderMonth = 0,
    OneToSixMonths = 1,
    SixToTwelveMonths = 2,
    OneToTwoYears = 3,
    OverTwoYears = 4,
}

public enum StopReason
{
    None = 0,
    DidNotHelp = 1,
    SideEffects = 2,
    Cost = 3,
    TooMuchEffort = 4,
    DoctorAdvised = 5,
    NoLongerNeeded = 6,
    Other = 7,
}

/// <summary>
/// A member's rating of a treatment, therapy or way of coping for one condition. Only aggregates of at least
/// <see cref="MinimumShown"/> ratings are ever shown; one rating per member, condition and treatment (rating
/// again changes it).
/// </summary>
public sealed class TreatmentRating
{
    public const int MinimumShown = 5;
    public const int MaxName = 80;

    private TreatmentRating()
    {
    }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public string Condition { get; private set; } = "";
    public TreatmentKind Kind { get; private set; }

    /// <summary>As typed (trimmed); <see cref="Key"/> groups ratings of the same thing.</summary>
    public string Treatment { get; private set; } = "";
    public string Key { get; private set; } = "";

    /// <summary>1 (no help) to 5 (helped a lot).</summary>
    public int Effectiveness { get; private set; }

    /// <summary>0 (none) to 3 (severe).</summary>
    public int SideEffects { get; private set; }

    /// <summary>1 (easy) to 5 (very hard to keep up: cost, time, effort).</summary>
    public int Burden { get; private set; }
    public RatingDuration Duration { get; private set; }
    public bool StillUsing { get; private set; }
    public StopReason WhyStopped { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }
    public DateTimeOffset UpdatedUtc { get; private set; }

    public static string KeyOf(string treatment) =>
        string.Join(' ', (treatment ?? "").Trim().ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static TreatmentRating Rate(string userId, string condition, string treatment, DateTimeOffset now)
    {
        if (!Vocabulary.Has(Vocabulary.Conditions, condition))
        {
            throw new ForumRuleException("Choose conditions from the list.");
        }

        var name = string.Join(' ', (treatment ?? "").Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (name.Length is < 2 or > MaxName)
        {
            throw new ForumRuleException("Name the treatment, therapy or way of coping (2 to 80 characters).");
        }

        return new TreatmentRating { UserId = userId, Condition = condition, Treatment = name, Key = KeyOf(name), CreatedUtc = now };
    }

    public void Score(TreatmentKind kind, int effectiveness, int sideEffects, int burden, RatingDuration duration, bool stillUsing, StopReason whyStopped, DateTimeOffset now)
    {
        if (!Enum.IsDefined(kind) || !Enum.IsDefined(duration) || !Enum.IsDefined(whyStopped))
        {
            throw new ForumRuleException("Choose from the lists.");
        }

        if (effectiveness is < 1 or > 5 || burden is < 1 or > 5 || sideEffects is < 0 or > 3)
        {
            throw new ForumRuleException("Answer each question on its scale.");
        }

        if (!stillUsing && whyStopped == StopReason.None)
        {
            throw new ForumRuleException("Say why you stopped, or tick that you still use it.");
        }

        Kind = kind;
        Effectiveness = effectiveness;
        SideEffects = sideEffects;
        Burden = burden;
        Duration = duration;
        StillUsing = stillUsing;
        WhyStopped = stillUsing ? StopReason.None : whyStopped;
        UpdatedUtc = now;
    }
}
