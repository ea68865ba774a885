namespace Portal.Forum.Models;

/// <summary>Who may see a profile field. The default is the most private choice.</summary>
public enum FieldVisibility
{
    OnlyMe = 0,
    MyCommunities = 1,
    AllMembers = 2,
}

/// <summary>What happens to a member's posts when they delete their account.</summary>
public enum ErasureChoice
{
    /// <summary>Their posts are deleted (a thread they started keeps others' replies under a "removed" note).</summary>
    RemovePosts = 0,

    /// <summary>Their posts stay, shown as by "a former member", with every link to them removed.</summary>
    KeepAnonymised = 1,
}

public enum MemberStanding
{
    Active = 0,
    Muted = 1,
    Suspended = 2,
}

/// <summary>
/// A member's forum profile under a display name that may be a pseudonym. Each field has its own visibility;
/// a new profile shows nothing but the display name and is not findable in "members like me".
/// </summary>
public sealed class MemberProfile
{
    public const int MaxDisplayName = 40;

    private MemberProfile()
    {
    }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";

    /// <summary>Random id used in addresses, so pages never show the account's user id.</summary>
    public string PublicId { get; private set; } = "";
    public string DisplayName { get; private set; } = "";
    public FieldVisibility ConditionsVisibility { get; private set; }
    public string? AgeBand { get; private set; }
    public FieldVisibility AgeBandVisibility { get; private set; }
    public string? District { get; private set; }
    public FieldVisibility DistrictVisibility { get; private set; }
    public string? CaringRole { get; private set; }
    public FieldVisibility CaringRoleVisibility { get; private set; }
    public bool Findable { get; private set; }

    /// <summary>The member agreed that their treatment ratings count in the organisation's statistics and research
    /// reports (the impact dashboard). Off by default; the ratings page itself always uses every rating.</summary>
    public bool RatingsInStatistics { get; private set; }
    public ErasureChoice OnErasure { get; private set; }
    public MemberStanding Standing { get; private set; }
    public DateTimeOffset? MutedUntilUtc { get; private set; }

    /// <summary>Posts a moderator let through or that went out without review; 0 means the next post is held.</summary>
    public int ApprovedPosts { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }
    public DateTimeOffset LastActiveUtc { get; private set; }
    public List<MemberCondition> Conditions { get; private set; } = [];

    public static MemberProfile Create(string userId, string displayName, DateTimeOffset now)
    {
        var profile = new MemberProfile { UserId = userId, PublicId = Guid.NewGuid().ToString("N")[..12], CreatedUtc = now, LastActiveUtc = now };
        profile.Rename(displayName);
        return profile;
    }

    public void Rename(string displayName)
    {
        var name = string.Join(' ', (displayName ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (name.Length is < 2 or > MaxDisplayName)
        {
            throw new ForumRuleException("Choose a display name of 2 to 40 characters. It may be a made-up name.");
        }

        if (name.Contains('@', StringComparison.Ordinal) || name.Contains('<', StringComparison.Ordinal) || name.Contains('>', StringComparison.Ordinal))
        {
            throw new ForumRuleException("A display name cannot contain @, < or >.");
        }

        if (string.Equals(name, "Anonymous member", StringComparison.OrdinalIgnoreCase) || name == "匿名會員")
        {
            throw new ForumRuleException("Choose another display name: this one is kept for anonymous posts.");
        }

        DisplayName = name;
    }

    /// <summary>Replaces the member's details and who may see each.</summary>
    public void Update(
        IReadOnlyList<(string Condition, int? SinceYear)> conditions, FieldVisibility conditionsVisibility,
        string? ageBand, FieldVisibility ageBandVisibility,
        string? district, FieldVisibility districtVisibility,
        string? caringRole, FieldVisibility caringRoleVisibility,
        bool findable, ErasureChoice onErasure, int currentYear)
    {
        if (!Enum.IsDefined(onErasure))
        {
            throw new ForumRuleException("Choose from the lists.");
        }

        if (conditions.Any(c => !Vocabulary.Has(Vocabulary.Conditions, c.Condition)))
        {
            throw new ForumRuleException("Choose conditions from the list.");
        }

        if (conditions.Any(c => c.SinceYear is { } y && (y < 1920 || y > currentYear)))
        {
            throw new ForumRuleException("The year must be between 1920 and this year.");
        }

        if ((ageBand is not null && !Vocabulary.Has(Vocabulary.AgeBands, ageBand))
            || (district is not null && !Vocabulary.Has(Vocabulary.Districts, district))
            || (caringRole is not null && !Vocabulary.Has(Vocabulary.CaringRoles, caringRole)))
        {
            throw new ForumRuleException("Choose from the lists.");
        }

        foreach (var visibility in new[] { conditionsVisibility, ageBandVisibility, districtVisibility, caringRoleVisibility })
        {
            if (!Enum.IsDefined(visibility))
            {
                throw new ForumRuleException("Choose from the lists.");
            }
        }

        Conditions.RemoveAll(c => !conditions.Any(n => n.Condition == c.Condition));
        foreach (var (condition, since) in conditions.DistinctBy(c => c.Condition))
        {
            var existing = Conditions.FirstOrDefault(c => c.Condition == condition);
            if (existing is null)
            {
                Conditions.Add(new MemberCondition(condition, since));
            }
            else
            {
                existing.Since(since);
            }
        }

        ConditionsVisibility = conditionsVisibility;
        AgeBand = ageBand;
        AgeBandVisibility = ageBandVisibility;
        District = district;
        DistrictVisibility = districtVisibility;
        CaringRole = caringRole;
        CaringRoleVisibility = caringRoleVisibility;
        Findable = findable;
        OnErasure = onErasure;
    }

    public bool MayPost(DateTimeOffset now) => Standing switch
    {
        MemberStanding.Suspended => false,
        MemberStanding.Muted => MutedUntilUtc is { } until && until <= now,
        _ => true,
    };

    public void Mute(DateTimeOffset until)
    {
        Standing = MemberStanding.Muted;
        MutedUntilUtc = until;
    }

    public void Suspend()
    {
        Standing = MemberStanding.Suspended;
        MutedUntilUtc = null;
    }

    public void Restore()
    {
        Standing = MemberStanding.Active;
        MutedUntilUtc = null;
    }

    public void ShareRatingsForStatistics(bool share) => RatingsInStatistics = share;

    public void CountApprovedPost() => ApprovedPosts++;

    public void Touch(DateTimeOffset now) => LastActiveUtc = now;
}

/// <summary>A condition on a member's profile, with the year it began.</summary>
public sealed class MemberCondition
{
    private MemberCondition()
    {
    }

    public MemberCondition(string condition, int? sinceYear)
    {
        Condition = condition;
        SinceYear = sinceYear;
    }

    public long Id { get; private set; }
    public long ProfileId { get; private set; }
    public string Condition { get; private set; } = "";
    public int? SinceYear { get; private set; }

    public void Since(int? year) => SinceYear = year;
}
