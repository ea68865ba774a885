using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Portal.Globalization;
using Portal.Mentoring.Data;
using Portal.Mentoring.Models;
using Portal.Notifications;
using Portal.People;

namespace Portal.Mentoring.Services;

public sealed record MeetingInput(DateTimeOffset Held, int Minutes, MeetingMode Mode, string? Topics, string? SharedNotes, string? PrivateNote, IReadOnlyList<(string Text, ActionOwner Owner, DateOnly? Due)> Actions);

/// <summary>The scheme's use cases for people in it: applying, requesting a mentor, the pair's life, goals,
/// meetings and action items. Every call that touches a pair goes through <see cref="MentoringAccess"/>.</summary>
public sealed class MentoringService(
    MentoringDbContext db,
    MentoringAccess access,
    TimeProvider clock,
    IOptions<MentoringOptions> options,
    INotificationPublisher publisher,
    IPersonDirectory directory,
    IEnumerable<Portal.Learning.ICertificateIssuer> certificateIssuers,
    Microsoft.Extensions.Logging.ILogger<MentoringService> logger)
{
    public const string StaleMessage = "Someone changed this in the meantime. Your changes are still in the form: check the page and save again.";

    public Task<List<Application>> MyApplicationsAsync(string userId, CancellationToken ct) => ApplicationsOf.ToListAsync(db, userId, ct);

    // The mentoring home page's two queries, compiled (see Portal.Data.CompiledQuery).
    private static readonly Portal.Data.CompiledListQuery<MentoringDbContext, string, Application> ApplicationsOf =
        new((db, userId) => db.Applications.AsNoTracking().Where(a => a.UserId == userId).OrderBy(a => a.Role));

    private static readonly Portal.Data.CompiledListQuery<MentoringDbContext, string, Pair> PairsOf =
        new((db, userId) => db.Pairs.AsNoTracking()
            .Where(p => p.MentorUserId == userId || (p.MenteeUserId == userId && !p.MenteeErased))
            .OrderByDescending(p => p.CreatedUtc));

    public Task<Application?> FindApplicationAsync(string userId, ApplicationRole role, CancellationToken ct) =>
        db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == userId && a.Role == role, ct);

    /// <summary>Submits or changes the person's application in a role.</summary>
    public async Task<Application> ApplyAsync(string userId, ApplicationRole role, ApplicationDetails details, int? expectedVersion, CancellationToken ct)
    {
        var existing = await db.Applications.FirstOrDefaultAsync(a => a.UserId == userId && a.Role == role, ct);
        if (existing is null)
        {
            existing = Application.Submit(userId, role, details, clock.GetUtcNow());
            db.Applications.Add(existing);
        }
        else
        {
            CheckVersion(existing.Version, expectedVersion);
            existing.Update(details);
        }

        try
        {
            await SaveAsync(ct);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // The same application sent twice at once: the unique index keeps one; the person sees the form again.
            throw new MentoringRuleException(StaleMessage, ex);
        }

        return existing;
    }

    /// <summary>Mentors' short bios (public to approved mentees choosing a mentor).</summary>
    public async Task<IReadOnlyDictionary<string, string?>> MentorBiosAsync(IReadOnlyCollection<string> mentorIds, CancellationToken ct) =>
        await db.Applications.AsNoTracking()
            .Where(a => a.Role == ApplicationRole.Mentor && a.Status == ApplicationStatus.Approved && mentorIds.Contains(a.UserId))
            .ToDictionaryAsync(a => a.UserId, a => a.About, ct);

    /// <summary>Pairs the person is in (both sides), newest first.</summary>
    public Task<List<Pair>> MyPairsAsync(Viewer viewer, CancellationToken ct) => PairsOf.ToListAsync(db, viewer.UserId, ct);

    /// <summary>Mentors a mentee may ask, ranked by the matching function (the mentee must be approved).</summary>
    public async Task<IReadOnlyList<MatchSuggestion>> SuggestForMenteeAsync(string menteeUserId, bool allowSameOrganisation, CancellationToken ct)
    {
        var mentee = await db.Applications.AsNoTracking()
            .FirstOrDefaultAsync(a => a.UserId == menteeUserId && a.Role == ApplicationRole.Mentee && a.Status == ApplicationStatus.Approved, ct);
        if (mentee is null)
        {
            return [];
        }

        var busy = await db.Pairs.AsNoTracking()
            .Where(p => p.MenteeUserId == menteeUserId && (p.Status == PairStatus.Requested || p.Status == PairStatus.Proposed || p.Status == PairStatus.Active))
            .Select(p => p.MentorUserId).ToListAsync(ct);
        var candidates = await MentorCandidatesAsync(ct);
        return Matching.Suggest(ToNeeds(mentee), candidates.Where(c => !busy.Contains(c.UserId)), allowSameOrganisation);
    }

    /// <summary>A mentee has one mentor (or one request) at a time.</summary>
    public Task<bool> HasOpenPairAsMenteeAsync(string userId, CancellationToken ct) =>
        db.Pairs.AsNoTracking().AnyAsync(p => p.MenteeUserId == userId && !p.MenteeErased &&
            (p.Status == PairStatus.Requested || p.Status == PairStatus.Proposed || p.Status == PairStatus.Active), ct);

    internal async Task<List<MentorCandidate>> MentorCandidatesAsync(CancellationToken ct)
    {
        var mentors = await db.Applications.AsNoTracking()
            .Where(a => a.Role == ApplicationRole.Mentor && a.Status == ApplicationStatus.Approved).ToListAsync(ct);
        var loads = await db.Pairs.AsNoTracking()
            .Where(p => p.Status == PairStatus.Requested || p.Status == PairStatus.Proposed || p.Status == PairStatus.Active)
            .GroupBy(p => p.MentorUserId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return [.. mentors.Select(m => new MentorCandidate(m.UserId, m.Organisation, m.AreaList.ToList(), m.LanguageList.ToList(),
            m.DistrictList.ToList(), m.AvailabilityList.ToList(), m.Capacity, loads.GetValueOrDefault(m.UserId)))];
    }

    internal static MenteeNeeds ToNeeds(Application mentee) =>
        new(mentee.UserId, mentee.Organisation, mentee.AreaList.ToList(), mentee.LanguageList.ToList(), mentee.DistrictList.ToList(), mentee.AvailabilityList.ToList());

    /// <summary>A mentee asks a mentor; the mentor has <see cref="MentoringOptions.RequestDays"/> days to answer.</summary>
    public async Task<Pair> RequestMentorAsync(Viewer viewer, string mentorUserId, string? message, CancellationToken ct)
    {
        if (await HasOpenPairAsMenteeAsync(viewer.UserId, ct))
        {
            throw new MentoringRuleException("You already have a mentor or a request waiting for an answer.");
        }

        var suggestion = (await SuggestForMenteeAsync(viewer.UserId, false, ct)).FirstOrDefault(s => s.Mentor.UserId == mentorUserId)
            ?? throw new MentoringRuleException("This mentor cannot take a request from you now. Choose another mentor from the list.");
        var now = clock.GetUtcNow();
        var deadline = now.AddDays(Math.Max(1, options.Value.RequestDays));
        var pair = Pair.Request(mentorUserId, viewer.UserId, message, suggestion.Score, deadline, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Pairs.Add(pair);
        await SaveAsync(ct);
        var mentee = await directory.FindAsync(viewer.UserId, ct);
        await NotifyAsync(MentoringNotifications.RequestReceived, mentorUserId, new()
        {
            ["other"] = mentee?.DisplayName ?? "",
            ["deadline"] = PortalCultures.FormatDateTime(deadline),
        }, $"mentoring.request:{pair.Id}", $"/mentoring/pairs/{pair.Id}", tx, ct);
        await tx.CommitAsync(ct);
        return pair;
    }

    /// <summary>The mentor accepts or declines a request.</summary>
    public async Task RespondAsync(Viewer viewer, long pairId, bool accept, CancellationToken ct)
    {
        var pair = await RequirePairAsync(pairId, viewer, ct);
        if (MentoringAccess.RoleIn(pair, viewer) != PairRole.Mentor)
        {
            throw new MentoringRuleException("Only the mentor answers a request.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            pair.Respond(accept, clock.GetUtcNow());
        }
        catch (MentoringRuleException)
        {
            await SaveAsync(ct);
            await tx.CommitAsync(ct);
            throw;
        }

        await SaveAsync(ct);
        var mentor = await directory.FindAsync(pair.MentorUserId, ct);
        var mentee = await directory.FindAsync(pair.MenteeUserId, ct);
        var english = PortalCultures.Normalize(mentee?.Culture) == PortalCultures.English;
        await NotifyAsync(MentoringNotifications.RequestAnswered, pair.MenteeUserId, new()
        {
            ["other"] = mentor?.DisplayName ?? "",
            ["answer"] = accept ? (english ? "accepted" : "接受") : (english ? "declined" : "婉拒"),
        }, $"mentoring.request-answered:{pair.Id}", $"/mentoring/pairs/{pair.Id}", tx, ct);
        await tx.CommitAsync(ct);
    }

    public async Task AcceptAgreementAsync(Viewer viewer, long pairId, int version, CancellationToken ct)
    {
        var pair = await RequirePairAsync(pairId, viewer, ct);
        CheckVersion(pair.Version, version);
        var side = pair.SideOf(viewer.UserId);
        pair.AcceptAgreement(side, clock.GetUtcNow());
        await SaveAsync(ct);
    }

    public async Task AnswerFitAsync(Viewer viewer, long pairId, bool goodFit, CancellationToken ct)
    {
        var pair = await RequirePairAsync(pairId, viewer, ct);
        pair.AnswerFit(pair.SideOf(viewer.UserId), goodFit);
        await SaveAsync(ct);
    }

    /// <summary>Ends the pair: completed (mentor or staff) or ended early (either side or staff), always with a reason.</summary>
    public async Task EndAsync(Viewer viewer, long pairId, bool completed, string reason, int version, CancellationToken ct)
    {
        var pair = await RequirePairAsync(pairId, viewer, ct);
        CheckVersion(pair.Version, version);
        var role = MentoringAccess.RoleIn(pair, viewer);
        if (completed)
        {
            if (role is not (PairRole.Mentor or PairRole.Staff))
            {
                throw new MentoringRuleException("The mentor or staff mark a mentorship as completed.");
            }

            pair.Complete(reason, clock.GetUtcNow());
        }
        else
        {
            pair.EndEarly(reason, clock.GetUtcNow());
        }

        await SaveAsync(ct);
        if (completed)
        {
            await IssueCertificateAsync(pair, ct);
        }
    }

    /// <summary>
    /// The mentor or staff withdraw a pair (the entity holds the rule). The other side is told, within the same
    /// transaction; the log line has the pair id and the role only.
    /// </summary>
    public async Task WithdrawAsync(Viewer viewer, long pairId, string reason, bool confirmed, int version, CancellationToken ct)
    {
        var pair = await RequirePairAsync(pairId, viewer, ct);
        CheckVersion(pair.Version, version);
        var role = MentoringAccess.RoleIn(pair, viewer);
        if (!confirmed)
        {
            throw new MentoringRuleException("Please tick the box to confirm that you want to withdraw this pair.");
        }

        pair.Withdraw(pair.SideOf(viewer.UserId), role == PairRole.Staff, reason, clock.GetUtcNow());
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await SaveAsync(ct);
        await NotifyWithdrawnAsync(pair, except: viewer.UserId, tx, ct);
        await tx.CommitAsync(ct);
        Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "Mentoring pair {PairId} was withdrawn by the {Role}.", pair.Id, role);
    }

    /// <summary>Tells the pair's mentor and mentee (but not <paramref name="except"/>, who did it) that it was withdrawn.</summary>
    internal async Task NotifyWithdrawnAsync(Pair pair, string except, IDbContextTransaction tx, CancellationToken ct)
    {
        var people = (await directory.FindManyAsync([.. new[] { pair.MentorUserId, pair.MenteeUserId }.Where(id => id.Length > 0)], ct)).ToDictionary(p => p.UserId);
        foreach (var (recipient, other) in new[] { (pair.MentorUserId, pair.MenteeUserId), (pair.MenteeUserId, pair.MentorUserId) })
        {
            if (recipient.Length > 0 && recipient != except)
            {
                await NotifyAsync(MentoringNotifications.PairWithdrawn, recipient,
                    new() { ["other"] = people.GetValueOrDefault(other)?.DisplayName ?? "", ["reason"] = pair.EndReason ?? "" },
                    $"mentoring.withdrawn:{pair.Id}:{recipient}", $"/mentoring/pairs/{pair.Id}", tx, ct);
            }
        }
    }

    /// <summary>A completed mentorship earns the mentee a certificate, issued by the academy through the contract
    /// (idempotent on the pair), verifiable at CertificateLinks.Verify(code), downloadable at CertificateLinks.Pdf(code). Without an issuer nothing happens.</summary>
    private async Task IssueCertificateAsync(Pair pair, CancellationToken ct)
    {
        var issuer = certificateIssuers.FirstOrDefault();
        if (issuer is null || pair.MenteeErased || pair.CertificateCode is not null)
        {
            return;
        }

        // The pair is already saved as completed: a failure here must not show an error page for a completed
        // mentorship. The issue is idempotent on the pair, and CompleteMissingCertificatesAsync tries again later.
        try
        {
            var mentee = await directory.FindAsync(pair.MenteeUserId, ct);
            var code = await issuer.IssueAsync(new Portal.Learning.ProgrammeCertificateRequest(pair.MenteeUserId, mentee?.DisplayName ?? "",
                options.Value.ProgrammeTitleZh, options.Value.ProgrammeTitleEn, PortalCultures.Today(clock), $"mentoring-pair:{pair.Id}"), ct);
            pair.RecordCertificate(code);
            await SaveAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(logger, ex,
                "The certificate of completed mentoring pair {PairId} could not be issued; it will be tried again.", pair.Id);
        }
    }

    /// <summary>Issues the certificates that failed when their pair was completed (run by the stall-detection task).</summary>
    public async Task<int> CompleteMissingCertificatesAsync(CancellationToken ct)
    {
        var pairs = await db.Pairs.Where(p => p.Status == PairStatus.Completed && p.CertificateCode == null && !p.MenteeErased)
            .OrderBy(p => p.Id).Take(50).ToListAsync(ct);
        foreach (var pair in pairs)
        {
            await IssueCertificateAsync(pair, ct);
        }

        return pairs.Count(p => p.CertificateCode is not null);
    }

    public async Task<Goal> SaveGoalAsync(Viewer viewer, long pairId, long? goalId, GoalDetails details, int? version, CancellationToken ct)
    {
        var pair = await RequirePairAsync(pairId, viewer, ct);
        if (!MentoringAccess.CanEditGoals(pair, viewer))
        {
            throw new MentoringRuleException("Goals are set by the mentor and the mentee while the pair is open.");
        }

        var now = clock.GetUtcNow();
        Goal goal;
        if (goalId is { } id)
        {
            goal = await db.Goals.FirstOrDefaultAsync(g => g.Id == id && g.PairId == pair.Id, ct)
                ?? throw new MentoringRuleException("This goal no longer exists.");
            CheckVersion(goal.Version, version);
            goal.Update(details, now);
        }
        else
        {
            goal = Goal.Create(pair.Id, details, now);
            db.Goals.Add(goal);
        }

        pair.Touch(now);
        await SaveAsync(ct);
        return goal;
    }

    /// <summary>The mentor logs a meeting, with an optional private note (theirs alone) and action items.</summary>
    public async Task<Meeting> LogMeetingAsync(Viewer viewer, long pairId, MeetingInput input, int version, CancellationToken ct)
    {
        var pair = await RequirePairAsync(pairId, viewer, ct);
        if (MentoringAccess.RoleIn(pair, viewer) != PairRole.Mentor)
        {
            throw new MentoringRuleException("Only the mentor logs meetings.");
        }

        CheckVersion(pair.Version, version);
        var now = clock.GetUtcNow();
        var meeting = Meeting.Log(pair, input.Held, input.Minutes, input.Mode, input.Topics, input.SharedNotes, now);
        var note = string.IsNullOrWhiteSpace(input.PrivateNote) ? null : PrivateNote.Write(0, viewer.UserId, input.PrivateNote, now);
        var actions = input.Actions.Where(a => !string.IsNullOrWhiteSpace(a.Text))
            .Select(a => ActionItem.Add(pair.Id, null, a.Text, a.Owner, a.Due, now)).ToList();
        if (pair.NextMeetingUtc is { } next && next <= now)
        {
            pair.ScheduleNextCleared();
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Meetings.Add(meeting);
        await SaveAsync(ct);
        if (note is not null)
        {
            db.PrivateNotes.Add(PrivateNote.Write(meeting.Id, viewer.UserId, note.Text, now));
        }

        foreach (var a in actions)
        {
            db.ActionItems.Add(ActionItem.Add(pair.Id, meeting.Id, a.Text, a.Owner, a.DueOn, now));
        }

        await SaveAsync(ct);
        if (!pair.MenteeErased)
        {
            var mentor = await directory.FindAsync(pair.MentorUserId, ct);
            await NotifyAsync(MentoringNotifications.MeetingLogged, pair.MenteeUserId, new()
            {
                ["other"] = mentor?.DisplayName ?? "",
                ["date"] = PortalCultures.FormatDate(meeting.HeldUtc),
            }, $"mentoring.meeting-logged:{meeting.Id}", $"/mentoring/pairs/{pair.Id}#meeting-{meeting.Id}", tx, ct);
        }

        await tx.CommitAsync(ct);
        return meeting;
    }

    public async Task ConfirmMeetingAsync(Viewer viewer, long pairId, long meetingId, int? rating, CancellationToken ct)
    {
        var pair = await RequirePairAsync(pairId, viewer, ct);
        if (!MentoringAccess.CanConfirmMeetings(pair, viewer))
        {
            throw new MentoringRuleException("Only the mentee confirms a meeting.");
        }

        var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == meetingId && m.PairId == pair.Id, ct)
            ?? throw new MentoringRuleException("This meeting no longer exists.");
        meeting.Confirm(rating, clock.GetUtcNow());
        await SaveAsync(ct);
    }

    public async Task SetActionDoneAsync(Viewer viewer, long pairId, long actionId, bool done, CancellationToken ct)
    {
        var pair = await RequirePairAsync(pairId, viewer, ct);
        if (MentoringAccess.RoleIn(pair, viewer) is not (PairRole.Mentor or PairRole.Mentee))
        {
            throw new MentoringRuleException("Only the mentor and the mentee tick off actions.");
        }

        var item = await db.ActionItems.FirstOrDefaultAsync(a => a.Id == actionId && a.PairId == pair.Id, ct)
            ?? throw new MentoringRuleException("This action no longer exists.");
        var now = clock.GetUtcNow();
        item.SetDone(done, now);
        pair.Touch(now);
        await SaveAsync(ct);
    }

    public async Task ScheduleNextAsync(Viewer viewer, long pairId, DateTimeOffset when, int minutes, MeetingMode mode, string? place, int version, CancellationToken ct)
    {
        var pair = await RequirePairAsync(pairId, viewer, ct);
        if (MentoringAccess.RoleIn(pair, viewer) is not (PairRole.Mentor or PairRole.Mentee))
        {
            throw new MentoringRuleException("Only the mentor and the mentee plan their meetings.");
        }

        CheckVersion(pair.Version, version);
        pair.ScheduleNext(when, minutes, mode, place, clock.GetUtcNow());
        await SaveAsync(ct);
    }

    /// <summary>Everything the pair page shows to this viewer. Private notes: only the viewer's own.</summary>
    public async Task<PairDetails?> GetPairAsync(Viewer viewer, long pairId, CancellationToken ct)
    {
        var pair = await access.FindPairAsync(pairId, viewer, track: false, ct);
        if (pair is null)
        {
            return null;
        }

        var goals = await db.Goals.AsNoTracking().Where(g => g.PairId == pair.Id).OrderBy(g => g.Id).ToListAsync(ct);
        var meetings = await db.Meetings.AsNoTracking().Where(m => m.PairId == pair.Id).OrderByDescending(m => m.HeldUtc).ToListAsync(ct);
        var actions = await db.ActionItems.AsNoTracking().Where(a => a.PairId == pair.Id).OrderBy(a => a.DoneUtc != null).ThenBy(a => a.DueOn).ThenBy(a => a.Id).ToListAsync(ct);
        var meetingIds = meetings.Select(m => m.Id).ToList();
        var notes = await access.PrivateNotesOf(viewer).Where(n => meetingIds.Contains(n.MeetingId)).ToListAsync(ct);
        var people = await directory.FindManyAsync([.. new[] { pair.MentorUserId, pair.MenteeUserId }.Where(id => id.Length > 0)], ct);
        return new PairDetails(pair, MentoringAccess.RoleIn(pair, viewer), goals, meetings, actions,
            notes.GroupBy(n => n.MeetingId).ToDictionary(g => g.Key, g => (IReadOnlyList<PrivateNote>)[.. g]),
            people.ToDictionary(p => p.UserId));
    }

    /// <summary>One private note by id: only its author gets it (anyone else, staff included, gets null).</summary>
    public Task<PrivateNote?> FindPrivateNoteAsync(Viewer viewer, long noteId, CancellationToken ct) =>
        access.PrivateNotesOf(viewer).FirstOrDefaultAsync(n => n.Id == noteId, ct);

    private async Task<Pair> RequirePairAsync(long pairId, Viewer viewer, CancellationToken ct) =>
        await access.FindPairAsync(pairId, viewer, track: true, ct) ?? throw new PairNotFoundException();

    internal static void CheckVersion(int actual, int? expected)
    {
        if (expected is { } v && v != actual)
        {
            throw new MentoringRuleException(StaleMessage);
        }
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new MentoringRuleException(StaleMessage, ex);
        }
    }

    internal async Task NotifyAsync(string kind, string recipientUserId, Dictionary<string, string> data, string key, string url, IDbContextTransaction? tx, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(recipientUserId))
        {
            return;
        }

        var person = await directory.FindAsync(recipientUserId, ct);
        data.TryAdd("name", person?.DisplayName ?? "");
        data.TryAdd("url", url);
        await publisher.PublishAsync(new NotificationRequest(kind, recipientUserId, data, key) { Url = url }, tx?.GetDbTransaction(), ct);
    }

    internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The pair does not exist or the viewer may not see it (pages answer 404 either way).</summary>
public sealed class PairNotFoundException : Exception
{
    public PairNotFoundException() : base("Pair not found.")
    {
    }

    public PairNotFoundException(string message) : base(message)
    {
    }

    public PairNotFoundException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

public sealed record PairDetails(
    Pair Pair,
    PairRole Role,
    IReadOnlyList<Goal> Goals,
    IReadOnlyList<Meeting> Meetings,
    IReadOnlyList<ActionItem> Actions,
    IReadOnlyDictionary<long, IReadOnlyList<PrivateNote>> MyPrivateNotes,
    IReadOnlyDictionary<string, PersonInfo> People)
{
    public string NameOf(string userId) => People.TryGetValue(userId, out var p) ? p.DisplayName : "";
}
