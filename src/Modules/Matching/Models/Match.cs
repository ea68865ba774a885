namespace Portal.Matching.Models;

public enum MatchStatus
{
    /// <summary>The partner offered help; the group answers by <see cref="Match.RespondByUtc"/>.</summary>
    Interested = 0,

    /// <summary>The group said yes: both sides have said yes, contacts show, staff introduce them.</summary>
    Accepted = 1,
    Declined = 2,
    Expired = 3,

    /// <summary>Staff introduced both sides by e-mail.</summary>
    Introduced = 4,

    /// <summary>The work has started.</summary>
    Active = 5,

    /// <summary>Finished, with feedback (and hours given) from one side, then the other.</summary>
    Completed = 6,

    /// <summary>One side stepped back before the end.</summary>
    Withdrawn = 7,
}

public enum MatchSide
{
    None = 0,
    Group = 1,
    Partner = 2,
}

/// <summary>
/// A partner and a group's need, followed to an outcome:
/// interest expressed → group accepted / declined / expired → introduced by staff → active → completed with
/// feedback from both sides (outcome, rating, hours given); either side may withdraw while it is open. Every step
/// checks the state it starts from and refuses anything else with a message in plain words; <see cref="Version"/>
/// is the concurrency token, so of two people acting at once on the same match only one wins.
/// </summary>
public sealed class Match
{
    public const int MaxText = 1000;
    public const int MaxHours = 2000;

    private Match()
    {
    }

    public long Id { get; private set; }
    public long NeedId { get; private set; }
    public long OrganisationId { get; private set; }
    public long PartnerId { get; private set; }

    /// <summary>The partner's user id (empty once they deleted their account).</summary>
    public string PartnerUserId { get; private set; } = "";
    public MatchStatus Status { get; private set; }
    public int Score { get; private set; }
    public string? Message { get; private set; }

    /// <summary>Staff made this match by hand (after talking with the partner).</summary>
    public string? BrokeredByUserId { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }
    public DateTimeOffset RespondByUtc { get; private set; }
    public DateTimeOffset? RemindedUtc { get; private set; }
    public DateTimeOffset? AnsweredUtc { get; private set; }
    public string? AnsweredByUserId { get; private set; }
    public string? DeclineReason { get; private set; }
    public DateTimeOffset? IntroducedUtc { get; private set; }
    public string? IntroducedByUserId { get; private set; }
    public DateTimeOffset? StartedUtc { get; private set; }
    public DateTimeOffset? CompletedUtc { get; private set; }
    public DateTimeOffset? EndedUtc { get; private set; }
    public MatchSide WithdrawnBy { get; private set; }
    public string? WithdrawReason { get; private set; }
    public string? GroupFeedback { get; private set; }
    public int? GroupRating { get; private set; }
    public int? GroupHours { get; private set; }
    public DateTimeOffset? GroupFeedbackUtc { get; private set; }
    public string? PartnerFeedback { get; private set; }
    public int? PartnerRating { get; private set; }
    public int? PartnerHours { get; private set; }
    public DateTimeOffset? PartnerFeedbackUtc { get; private set; }
    public int Version { get; private set; }

    /// <summary>Contact details show only once both sides have said yes (and stay for the record afterwards).</summary>
    public bool ContactsVisible => Status is MatchStatus.Accepted or MatchStatus.Introduced or MatchStatus.Active or MatchStatus.Completed;

    public bool IsOpen => Status is MatchStatus.Interested or MatchStatus.Accepted or MatchStatus.Introduced or MatchStatus.Active;

    /// <summary>Hours the partner gave, as the partner reported them (else as the group did).</summary>
    public int HoursGiven => PartnerHours ?? GroupHours ?? 0;

    public static Match ExpressInterest(Need need, Partner partner, string? message, int score, DateTimeOffset respondBy, DateTimeOffset now, string? brokeredByUserId = null)
    {
        if (!need.IsOpen)
        {
            throw new MatchingRuleException("This need is no longer open.");
        }

        if (!partner.Available && brokeredByUserId is null)
        {
            throw new MatchingRuleException("Your profile says you are taking a break. Change it before offering help.");
        }

        if ((message?.Length ?? 0) > MaxText)
        {
            throw new MatchingRuleException("Please keep the message under 1,000 characters.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(respondBy, now);

        return new Match
        {
            NeedId = need.Id,
            OrganisationId = need.OrganisationId,
            PartnerId = partner.Id,
            PartnerUserId = partner.UserId,
            Status = MatchStatus.Interested,
            Score = score,
            Message = string.IsNullOrWhiteSpace(message) ? null : message.Trim(),
            BrokeredByUserId = brokeredByUserId,
            CreatedUtc = now,
            RespondByUtc = respondBy,
        };
    }

    /// <summary>The group answers the partner's offer.</summary>
    public void Answer(bool accept, string? reason, string userId, DateTimeOffset now)
    {
        if (Status == MatchStatus.Expired || (Status == MatchStatus.Interested && now > RespondByUtc))
        {
            throw new MatchingRuleException("The time to answer this offer has passed. Ask staff if you would still like this partner.");
        }

        if (Status != MatchStatus.Interested)
        {
            throw new MatchingRuleException("This offer has already been answered.");
        }

        if ((reason?.Length ?? 0) > MaxText)
        {
            throw new MatchingRuleException("Please keep the reason under 1,000 characters.");
        }

        Status = accept ? MatchStatus.Accepted : MatchStatus.Declined;
        AnsweredUtc = now;
        AnsweredByUserId = userId;
        DeclineReason = accept || string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (!accept)
        {
            EndedUtc = now;
        }

        Version++;
    }

    /// <summary>The background task: an offer the group did not answer in time expires.</summary>
    public bool ExpireIfOverdue(DateTimeOffset now)
    {
        if (Status != MatchStatus.Interested || now <= RespondByUtc)
        {
            return false;
        }

        Status = MatchStatus.Expired;
        EndedUtc = now;
        Version++;
        return true;
    }

    public bool ReminderDue(DateTimeOffset now, TimeSpan before) =>
        Status == MatchStatus.Interested && RemindedUtc is null && now < RespondByUtc && now >= RespondByUtc - before;

    public void MarkReminded(DateTimeOffset now)
    {
        RemindedUtc = now;
        Version++;
    }

    /// <summary>Staff introduce both sides by e-mail.</summary>
    public void Introduce(string staffUserId, DateTimeOffset now)
    {
        if (Status != MatchStatus.Accepted)
        {
            throw new MatchingRuleException(Status is MatchStatus.Introduced or MatchStatus.Active or MatchStatus.Completed
                ? "Both sides have already been introduced."
                : "Staff introduce the two sides once the group has said yes.");
        }

        Status = MatchStatus.Introduced;
        IntroducedUtc = now;
        IntroducedByUserId = staffUserId;
        Version++;
    }

    /// <summary>Either side (or staff) says the work has started.</summary>
    public void Start(DateTimeOffset now)
    {
        if (Status != MatchStatus.Introduced)
        {
            throw new MatchingRuleException(Status == MatchStatus.Active
                ? "This match has already started."
                : "A match starts after staff have introduced both sides.");
        }

        Status = MatchStatus.Active;
        StartedUtc = now;
        Version++;
    }

    /// <summary>One side's feedback at the end: the first one completes the match; the other side adds theirs after.</summary>
    public void GiveFeedback(MatchSide side, string? outcome, int? rating, int? hours, DateTimeOffset now)
    {
        if (Status is not (MatchStatus.Active or MatchStatus.Completed))
        {
            throw new MatchingRuleException("Feedback is given once the work has started.");
        }

        if (side is not (MatchSide.Group or MatchSide.Partner))
        {
            throw new MatchingRuleException("Only the group and the partner give feedback.");
        }

        if ((side == MatchSide.Group ? GroupFeedbackUtc : PartnerFeedbackUtc) is not null)
        {
            throw new MatchingRuleException("You have already given your feedback. Thank you.");
        }

        var text = outcome?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new MatchingRuleException("Please say in a few words how it went.");
        }

        if (text.Length > MaxText)
        {
            throw new MatchingRuleException("Please keep the feedback under 1,000 characters.");
        }

        if (rating is not { } r || r is < 1 or > 5)
        {
            throw new MatchingRuleException("Choose a rating from 1 to 5.");
        }

        if (hours is not { } h || h < 0 || h > MaxHours)
        {
            throw new MatchingRuleException("Give the hours as a whole number from 0 to 2,000.");
        }

        if (side == MatchSide.Group)
        {
            GroupFeedback = text;
            GroupRating = r;
            GroupHours = h;
            GroupFeedbackUtc = now;
        }
        else
        {
            PartnerFeedback = text;
            PartnerRating = r;
            PartnerHours = h;
            PartnerFeedbackUtc = now;
        }

        if (Status == MatchStatus.Active)
        {
            Status = MatchStatus.Completed;
            CompletedUtc = now;
            EndedUtc = now;
        }

        Version++;
    }

    public void Withdraw(MatchSide side, string? reason, DateTimeOffset now)
    {
        if (!IsOpen)
        {
            throw new MatchingRuleException("This match has already ended.");
        }

        if (side == MatchSide.None)
        {
            throw new MatchingRuleException("Only the group, the partner or staff can withdraw.");
        }

        if ((reason?.Length ?? 0) > MaxText)
        {
            throw new MatchingRuleException("Please keep the reason under 1,000 characters.");
        }

        Status = MatchStatus.Withdrawn;
        WithdrawnBy = side;
        WithdrawReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        EndedUtc = now;
        Version++;
    }

    /// <summary>The partner deleted their account: the group keeps the record (and the hours given), without a link to the person.</summary>
    internal void ErasePartner()
    {
        PartnerUserId = "";
        Message = null;
        PartnerFeedback = null;
    }

    internal void EraseGroupPerson(string userId)
    {
        if (AnsweredByUserId == userId)
        {
            AnsweredByUserId = null;
        }
    }
}

public enum PassSide
{
    Group = 1,
    Partner = 2,
}

/// <summary>A suggestion someone passed on, with their reason. Kept: the pair is not suggested again, and similar
/// suggestions score lower.</summary>
public sealed class Pass
{
    public const int MaxReason = 500;

    private Pass()
    {
    }

    public long Id { get; private set; }
    public long NeedId { get; private set; }
    public long PartnerId { get; private set; }
    public long OrganisationId { get; private set; }
    public string Area { get; private set; } = "";
    public PassSide Side { get; private set; }
    public string Reason { get; private set; } = "";
    public string ByUserId { get; private set; } = "";
    public DateTimeOffset CreatedUtc { get; private set; }

    public static Pass Record(Need need, long partnerId, PassSide side, string? reason, string userId, DateTimeOffset now)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new MatchingRuleException("Please give a short reason: it helps us suggest better.");
        }

        if (text.Length > MaxReason)
        {
            throw new MatchingRuleException("Please keep the reason under 500 characters.");
        }

        return new Pass
        {
            NeedId = need.Id,
            PartnerId = partnerId,
            OrganisationId = need.OrganisationId,
            Area = need.Area,
            Side = side,
            Reason = text,
            ByUserId = userId,
            CreatedUtc = now,
        };
    }

    internal void EraseAuthor() => ByUserId = "";
}
