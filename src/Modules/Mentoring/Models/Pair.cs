namespace Portal.Mentoring.Models;

public enum PairStatus
{
    /// <summary>A mentee asked this mentor; the mentor accepts or declines before the deadline.</summary>
    Requested = 0,

    /// <summary>Matched (staff confirmed, or the mentor accepted a request): both read and accept the agreement.</summary>
    Proposed = 1,
    Active = 2,
    Completed = 3,
    EndedEarly = 4,
    Declined = 5,
    Expired = 6,

    /// <summary>Taken back by the mentor or a coordinator (staff) with a reason, e.g. to re-pair the mentee.</summary>
    Withdrawn = 7,
}

public enum PairSide
{
    None = 0,
    Mentor = 1,
    Mentee = 2,
}

/// <summary>
/// A mentor and a mentee: proposed → agreement accepted by both → active → fit check after the first meetings →
/// completed or ended early. The rules live here; services only load, call and save.
/// </summary>
public sealed class Pair
{
    public const int FitCheckAfterMeetings = 2;
    public const int MaxReason = 1000;

    private Pair()
    {
    }

    public long Id { get; private set; }
    public string MentorUserId { get; private set; } = "";

    /// <summary>Empty once the mentee deleted their account (the mentor keeps the anonymised record).</summary>
    public string MenteeUserId { get; private set; } = "";
    public bool MenteeErased { get; private set; }
    public PairStatus Status { get; private set; }
    public bool RequestedByMentee { get; private set; }
    public string? RequestMessage { get; private set; }
    public DateTimeOffset? RespondByUtc { get; private set; }
    public string? ProposedByUserId { get; private set; }

    /// <summary>Staff matched within one organisation on purpose.</summary>
    public bool SameOrganisationOverride { get; private set; }
    public int? MatchScore { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }
    public DateTimeOffset? MentorAgreedUtc { get; private set; }
    public DateTimeOffset? MenteeAgreedUtc { get; private set; }
    public DateTimeOffset? StartedUtc { get; private set; }
    public bool? MentorFit { get; private set; }
    public bool? MenteeFit { get; private set; }
    public DateTimeOffset? EndedUtc { get; private set; }
    public string? EndReason { get; private set; }

    /// <summary>The last time anything was logged (meeting, goal, action item); stall detection reads it.</summary>
    public DateTimeOffset LastActivityUtc { get; private set; }
    public DateTimeOffset? StallNotifiedUtc { get; private set; }
    public DateTimeOffset? NextMeetingUtc { get; private set; }
    public int NextMeetingMinutes { get; private set; }
    public MeetingMode NextMeetingMode { get; private set; }
    public string? NextMeetingPlace { get; private set; }
    public DateTimeOffset? NextMeetingRemindedUtc { get; private set; }
    public string? CertificateCode { get; private set; }
    public int MeetingCount { get; private set; }
    public int Version { get; private set; }

    public bool IsOpen => Status is PairStatus.Proposed or PairStatus.Active;
    public bool IsFinished => Status is PairStatus.Completed or PairStatus.EndedEarly or PairStatus.Withdrawn;

    /// <summary>Still on the books: requested, starting or active (withdrawing is possible).</summary>
    public bool CanBeWithdrawn => Status is PairStatus.Requested or PairStatus.Proposed or PairStatus.Active;
    public bool FitCheckDue => Status == PairStatus.Active && MeetingCount >= FitCheckAfterMeetings && (MentorFit is null || MenteeFit is null);
    public bool PoorFit => MentorFit == false || MenteeFit == false;

    public static Pair Propose(string mentorUserId, string menteeUserId, string staffUserId, int score, bool sameOrganisationOverride, DateTimeOffset now)
    {
        Guard(mentorUserId, menteeUserId);
        return new Pair
        {
            MentorUserId = mentorUserId,
            MenteeUserId = menteeUserId,
            Status = PairStatus.Proposed,
            ProposedByUserId = staffUserId,
            MatchScore = score,
            SameOrganisationOverride = sameOrganisationOverride,
            CreatedUtc = now,
            LastActivityUtc = now,
        };
    }

    public static Pair Request(string mentorUserId, string menteeUserId, string? message, int score, DateTimeOffset respondBy, DateTimeOffset now)
    {
        Guard(mentorUserId, menteeUserId);
        if ((message?.Length ?? 0) > MaxReason)
        {
            throw new MentoringRuleException("Please keep the message under 1,000 characters.");
        }

        return new Pair
        {
            MentorUserId = mentorUserId,
            MenteeUserId = menteeUserId,
            Status = PairStatus.Requested,
            RequestedByMentee = true,
            RequestMessage = string.IsNullOrWhiteSpace(message) ? null : message.Trim(),
            RespondByUtc = respondBy,
            MatchScore = score,
            CreatedUtc = now,
            LastActivityUtc = now,
        };
    }

    public PairSide SideOf(string? userId) =>
        string.IsNullOrEmpty(userId) ? PairSide.None
        : userId == MentorUserId ? PairSide.Mentor
        : userId == MenteeUserId && !MenteeErased ? PairSide.Mentee
        : PairSide.None;

    /// <summary>The mentor answers a mentee's request.</summary>
    public void Respond(bool accept, DateTimeOffset now)
    {
        if (Status != PairStatus.Requested)
        {
            throw new MentoringRuleException("This request has already been answered.");
        }

        if (RespondByUtc is { } deadline && now > deadline)
        {
            Status = PairStatus.Expired;
            EndedUtc = deadline;
            Version++;
            throw new MentoringRuleException("This request has expired.");
        }

        Status = accept ? PairStatus.Proposed : PairStatus.Declined;
        if (!accept)
        {
            EndedUtc = now;
        }

        LastActivityUtc = now;
        Version++;
    }

    /// <summary>The background task: requests nobody answered in time expire.</summary>
    public bool ExpireIfOverdue(DateTimeOffset now)
    {
        if (Status != PairStatus.Requested || RespondByUtc is not { } deadline || now <= deadline)
        {
            return false;
        }

        Status = PairStatus.Expired;
        EndedUtc = now;
        Version++;
        return true;
    }

    /// <summary>One side accepts the mentoring agreement; when both have, the pair is active.</summary>
    public bool AcceptAgreement(PairSide side, DateTimeOffset now)
    {
        if (Status != PairStatus.Proposed)
        {
            throw new MentoringRuleException("The agreement can only be accepted while the pair is starting.");
        }

        switch (side)
        {
            case PairSide.Mentor:
                MentorAgreedUtc ??= now;
                break;
            case PairSide.Mentee:
                MenteeAgreedUtc ??= now;
                break;
            default:
                throw new MentoringRuleException("Only the mentor and the mentee accept the agreement.");
        }

        Version++;
        if (MentorAgreedUtc is not null && MenteeAgreedUtc is not null)
        {
            Status = PairStatus.Active;
            StartedUtc = now;
            LastActivityUtc = now;
            return true;
        }

        return false;
    }

    /// <summary>"Is this a good fit?" after the first meetings. A "no" is not a failure: staff may re-pair.</summary>
    public void AnswerFit(PairSide side, bool goodFit)
    {
        if (Status != PairStatus.Active || MeetingCount < FitCheckAfterMeetings)
        {
            throw new MentoringRuleException("The fit check opens after the first two meetings.");
        }

        if (side == PairSide.Mentor)
        {
            MentorFit = goodFit;
        }
        else if (side == PairSide.Mentee)
        {
            MenteeFit = goodFit;
        }
        else
        {
            throw new MentoringRuleException("Only the mentor and the mentee answer the fit check.");
        }

        Version++;
    }

    /// <summary>
    /// The mentor or a coordinator (staff) withdraws the pair, with a reason the other side will read: a request
    /// not yet answered, a pair still starting, or an active one (e.g. to re-pair the mentee). The mentee ends a
    /// pair with "end early" instead. Meetings, goals and notes stay on the record.
    /// </summary>
    public void Withdraw(PairSide side, bool staff, string reason, DateTimeOffset now)
    {
        if (!staff && side != PairSide.Mentor)
        {
            throw new MentoringRuleException("Only the mentor or staff can withdraw a pair.");
        }

        if (!CanBeWithdrawn)
        {
            throw new MentoringRuleException("This pair has already ended.");
        }

        CheckReason(reason);
        Status = PairStatus.Withdrawn;
        EndReason = reason.Trim();
        EndedUtc = now;
        NextMeetingUtc = null;
        RespondByUtc = null;
        Version++;
    }

    /// <summary>
    /// A coordinator re-pairs the mentee with another mentor: this pair is withdrawn (if it is still on the books)
    /// and a new pair is proposed, which both sides then accept as usual. A completed mentorship or a deleted
    /// mentee's record cannot be re-paired.
    /// </summary>
    public Pair Repair(string newMentorUserId, string staffUserId, int score, bool sameOrganisationOverride, string reason, DateTimeOffset now)
    {
        if (MenteeErased)
        {
            throw new MentoringRuleException("The mentee deleted their account, so there is no one to re-pair.");
        }

        if (Status == PairStatus.Completed)
        {
            throw new MentoringRuleException("This mentorship was completed; a new application starts a new pair.");
        }

        if (string.Equals(newMentorUserId, MentorUserId, StringComparison.Ordinal))
        {
            throw new MentoringRuleException("Choose a different mentor for the new pair.");
        }

        if (CanBeWithdrawn)
        {
            Withdraw(PairSide.None, staff: true, reason, now);
        }
        else
        {
            CheckReason(reason);
        }

        return Propose(newMentorUserId, MenteeUserId, staffUserId, score, sameOrganisationOverride, now);
    }

    public void Complete(string reason, DateTimeOffset now) => Finish(PairStatus.Completed, reason, now);

    public void EndEarly(string reason, DateTimeOffset now) => Finish(PairStatus.EndedEarly, reason, now);

    private void Finish(PairStatus status, string reason, DateTimeOffset now)
    {
        if (status == PairStatus.Completed && Status != PairStatus.Active)
        {
            throw new MentoringRuleException("Only an active pair can be completed.");
        }

        if (!IsOpen)
        {
            throw new MentoringRuleException("This pair has already ended.");
        }

        CheckReason(reason);
        Status = status;
        EndReason = reason.Trim();
        EndedUtc = now;
        NextMeetingUtc = null;
        Version++;
    }

    internal void MeetingLogged(DateTimeOffset now)
    {
        MeetingCount++;
        Touch(now);
    }

    internal void MeetingRemoved() => MeetingCount = Math.Max(0, MeetingCount - 1);

    /// <summary>Something was logged: the pair is not stalled.</summary>
    public void Touch(DateTimeOffset now)
    {
        LastActivityUtc = now;
        StallNotifiedUtc = null;
        Version++;
    }

    public bool IsStalled(DateTimeOffset now, int days) =>
        Status == PairStatus.Active && days > 0 && now - LastActivityUtc >= TimeSpan.FromDays(days);

    public void MarkStallNotified(DateTimeOffset now) => StallNotifiedUtc = now;

    public void ScheduleNext(DateTimeOffset when, int minutes, MeetingMode mode, string? place, DateTimeOffset now)
    {
        if (Status != PairStatus.Active)
        {
            throw new MentoringRuleException("Meetings can be planned while the pair is active.");
        }

        if (when <= now)
        {
            throw new MentoringRuleException("The next meeting must be in the future.");
        }

        if (minutes is < 5 or > 600)
        {
            throw new MentoringRuleException("A meeting lasts between 5 and 600 minutes.");
        }

        if ((place?.Length ?? 0) > Application.MaxShort)
        {
            throw new MentoringRuleException("Please keep the place under 200 characters.");
        }

        NextMeetingUtc = when;
        NextMeetingMinutes = minutes;
        NextMeetingMode = mode;
        NextMeetingPlace = string.IsNullOrWhiteSpace(place) ? null : place.Trim();
        NextMeetingRemindedUtc = null;
        Version++;
    }

    /// <summary>The planned meeting has happened (a meeting was logged after it).</summary>
    public void ScheduleNextCleared()
    {
        NextMeetingUtc = null;
        NextMeetingPlace = null;
    }

    public void MarkReminded(DateTimeOffset now) => NextMeetingRemindedUtc = now;

    public void RecordCertificate(string code) => CertificateCode = code;

    /// <summary>The mentee deleted their account: the mentor's record stays, with no link to the person.</summary>
    internal void EraseMentee()
    {
        MenteeUserId = "";
        MenteeErased = true;
        RequestMessage = null;
        MenteeFit = null;
    }

    /// <summary>The mentor deleted their account.</summary>
    internal void EraseMentor() => MentorUserId = "";

    private static void CheckReason(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new MentoringRuleException("Please give a reason.");
        }

        if (reason.Length > MaxReason)
        {
            throw new MentoringRuleException("Please keep the reason under 1,000 characters.");
        }
    }

    private static void Guard(string mentorUserId, string menteeUserId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mentorUserId);
        ArgumentException.ThrowIfNullOrWhiteSpace(menteeUserId);
        if (mentorUserId == menteeUserId)
        {
            throw new MentoringRuleException("A person cannot mentor themselves.");
        }
    }
}
