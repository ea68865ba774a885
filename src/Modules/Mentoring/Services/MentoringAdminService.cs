using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Caching;
using Portal.Mentoring.Data;
using Portal.Mentoring.Models;
using Portal.People;

namespace Portal.Mentoring.Services;

public sealed record ApplicationRow(Application Application, PersonInfo? Person);

public sealed record PairRow(Pair Pair, string MentorName, string MenteeName, bool Stalled);

/// <summary>Staff use cases: deciding applications, matching, the list of pairs.</summary>
public sealed class MentoringAdminService(
    MentoringDbContext db,
    MentoringService mentoring,
    TimeProvider clock,
    IOptions<MentoringOptions> options,
    IPersonDirectory directory,
    PersonCache<MentorStatus> mentors,
    Microsoft.Extensions.Logging.ILogger<MentoringAdminService> logger)
{
    public async Task<List<ApplicationRow>> ApplicationsAsync(ApplicationStatus? status, CancellationToken ct)
    {
        var query = db.Applications.AsNoTracking().Where(a => a.UserId != "");
        if (status is { } s)
        {
            query = query.Where(a => a.Status == s);
        }

        var list = await query.OrderBy(a => a.Status).ThenBy(a => a.AppliedUtc).Take(500).ToListAsync(ct);
        var people = (await directory.FindManyAsync([.. list.Select(a => a.UserId).Distinct()], ct)).ToDictionary(p => p.UserId);
        return [.. list.Select(a => new ApplicationRow(a, people.GetValueOrDefault(a.UserId)))];
    }

    public async Task<ApplicationRow?> ApplicationAsync(long id, CancellationToken ct)
    {
        var application = await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.UserId != "", ct);
        return application is null ? null : new ApplicationRow(application, await directory.FindAsync(application.UserId, ct));
    }

    public async Task DecideAsync(string staffUserId, long id, bool approve, string? reason, int version, CancellationToken ct)
    {
        var application = await db.Applications.FirstOrDefaultAsync(a => a.Id == id && a.UserId != "", ct)
            ?? throw new MentoringRuleException("This application no longer exists.");
        MentoringService.CheckVersion(application.Version, version);
        var now = clock.GetUtcNow();
        if (approve)
        {
            application.Approve(staffUserId, now);
        }
        else
        {
            application.Decline(staffUserId, reason ?? "", now);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        var person = await directory.FindAsync(application.UserId, ct);
        var english = Portal.Globalization.PortalCultures.Normalize(person?.Culture) == Portal.Globalization.PortalCultures.English;
        var role = application.Role == ApplicationRole.Mentor ? (english ? "mentor" : "師友") : (english ? "mentee" : "學員");
        await mentoring.NotifyAsync(approve ? MentoringNotifications.ApplicationApproved : MentoringNotifications.ApplicationDeclined,
            application.UserId, new() { ["role"] = role, ["reason"] = application.DecisionReason ?? "" },
            $"mentoring.application:{application.Id}:{application.Version}", "/mentoring", tx, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Scored suggestions for one approved mentee application.</summary>
    public async Task<(ApplicationRow Mentee, IReadOnlyList<MatchSuggestion> Suggestions, IReadOnlyDictionary<string, PersonInfo> People)?> SuggestionsAsync(long menteeApplicationId, bool allowSameOrganisation, CancellationToken ct)
    {
        var row = await ApplicationAsync(menteeApplicationId, ct);
        if (row is null || row.Application.Role != ApplicationRole.Mentee)
        {
            return null;
        }

        var suggestions = row.Application.Status == ApplicationStatus.Approved
            ? await mentoring.SuggestForMenteeAsync(row.Application.UserId, allowSameOrganisation, ct)
            : [];
        var people = (await directory.FindManyAsync([.. suggestions.Select(s => s.Mentor.UserId)], ct)).ToDictionary(p => p.UserId);
        return (row, suggestions, people);
    }

    /// <summary>Staff confirm a pair from the suggestions (scores are recomputed: a stale page cannot confirm a mentor who is now full).</summary>
    public async Task<Pair> ConfirmPairAsync(string staffUserId, long menteeApplicationId, string mentorUserId, bool allowSameOrganisation, CancellationToken ct)
    {
        var mentee = await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == menteeApplicationId && a.Role == ApplicationRole.Mentee && a.Status == ApplicationStatus.Approved, ct)
            ?? throw new MentoringRuleException("The mentee's application must be approved before matching.");
        var suggestion = (await mentoring.SuggestForMenteeAsync(mentee.UserId, allowSameOrganisation, ct)).FirstOrDefault(s => s.Mentor.UserId == mentorUserId)
            ?? throw new MentoringRuleException("This mentor is no longer available for this mentee. Choose another suggestion.");
        var pair = Pair.Propose(mentorUserId, mentee.UserId, staffUserId, suggestion.Score, suggestion.SameOrganisation, clock.GetUtcNow());
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Pairs.Add(pair);
        await db.SaveChangesAsync(ct);
        await NotifyProposedAsync(pair, tx, ct);
        await tx.CommitAsync(ct);
        await mentors.ForgetEveryoneAsync(ct);
        return pair;
    }

    /// <summary>The pair to re-pair, its people, and scored suggestions for the mentee without the current mentor; null if there is no such pair.</summary>
    public async Task<(PairRow Pair, IReadOnlyList<MatchSuggestion> Suggestions, IReadOnlyDictionary<string, PersonInfo> People)?> RepairOptionsAsync(long pairId, bool allowSameOrganisation, CancellationToken ct)
    {
        var pair = await db.Pairs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pairId, ct);
        if (pair is null)
        {
            return null;
        }

        var suggestions = pair.MenteeErased
            ? []
            : (await mentoring.SuggestForMenteeAsync(pair.MenteeUserId, allowSameOrganisation, ct)).Where(s => s.Mentor.UserId != pair.MentorUserId).ToList();
        var ids = suggestions.Select(s => s.Mentor.UserId).Append(pair.MentorUserId).Append(pair.MenteeUserId).Where(id => id.Length > 0).Distinct().ToList();
        var people = (await directory.FindManyAsync(ids, ct)).ToDictionary(p => p.UserId);
        var row = new PairRow(pair, people.GetValueOrDefault(pair.MentorUserId)?.DisplayName ?? "", people.GetValueOrDefault(pair.MenteeUserId)?.DisplayName ?? "", pair.IsStalled(clock.GetUtcNow(), options.Value.StallAfterDays));
        return (row, suggestions, people);
    }

    /// <summary>
    /// A coordinator re-pairs the mentee: the old pair is withdrawn and a new one proposed in one transaction (the
    /// entity holds the rules; the suggestion is recomputed, so a stale page cannot pick a mentor who is now full).
    /// The old mentor is told of the withdrawal, both new sides are asked to accept the agreement.
    /// </summary>
    public async Task<Pair> RepairAsync(string staffUserId, long pairId, string newMentorUserId, string reason, bool confirmed, bool allowSameOrganisation, int version, CancellationToken ct)
    {
        var pair = await db.Pairs.FirstOrDefaultAsync(p => p.Id == pairId, ct) ?? throw new PairNotFoundException();
        MentoringService.CheckVersion(pair.Version, version);
        if (!confirmed)
        {
            throw new MentoringRuleException("Please tick the box to confirm that you want to withdraw this pair.");
        }

        if (string.IsNullOrEmpty(newMentorUserId))
        {
            throw new MentoringRuleException("Choose the new mentor.");
        }

        var suggestion = pair.MenteeErased || newMentorUserId == pair.MentorUserId
            ? null
            : (await mentoring.SuggestForMenteeAsync(pair.MenteeUserId, allowSameOrganisation, ct)).FirstOrDefault(s => s.Mentor.UserId == newMentorUserId);
        var wasOpen = pair.CanBeWithdrawn;
        var next = pair.Repair(newMentorUserId, staffUserId, suggestion?.Score ?? 0, suggestion?.SameOrganisation ?? false, reason, clock.GetUtcNow());
        if (suggestion is null)
        {
            db.ChangeTracker.Clear(); // the withdrawal above is not saved
            throw new MentoringRuleException("This mentor is no longer available for this mentee. Choose another suggestion.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Pairs.Add(next);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new MentoringRuleException(MentoringService.StaleMessage);
        }

        if (wasOpen)
        {
            // The mentee hears about the new pair instead.
            await mentoring.NotifyWithdrawnAsync(pair, except: pair.MenteeUserId, tx, ct);
        }

        await NotifyProposedAsync(next, tx, ct);
        await tx.CommitAsync(ct);
        await mentors.ForgetEveryoneAsync(ct);
        Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "Mentoring pair {PairId} was re-paired by staff as pair {NewPairId}.", pair.Id, next.Id);
        return next;
    }

    /// <summary>Both sides of a newly proposed pair are asked to accept the agreement (inside the caller's transaction).</summary>
    private async Task NotifyProposedAsync(Pair pair, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, CancellationToken ct)
    {
        var people = (await directory.FindManyAsync([pair.MentorUserId, pair.MenteeUserId], ct)).ToDictionary(p => p.UserId);
        await mentoring.NotifyAsync(MentoringNotifications.PairProposed, pair.MentorUserId,
            new() { ["other"] = people.GetValueOrDefault(pair.MenteeUserId)?.DisplayName ?? "" }, $"mentoring.proposed:{pair.Id}:mentor", $"/mentoring/pairs/{pair.Id}", tx, ct);
        await mentoring.NotifyAsync(MentoringNotifications.PairProposed, pair.MenteeUserId,
            new() { ["other"] = people.GetValueOrDefault(pair.MentorUserId)?.DisplayName ?? "" }, $"mentoring.proposed:{pair.Id}:mentee", $"/mentoring/pairs/{pair.Id}", tx, ct);
    }

    public async Task<List<PairRow>> PairsAsync(string? filter, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var days = options.Value.StallAfterDays;
        var query = db.Pairs.AsNoTracking();
        query = filter switch
        {
            "open" => query.Where(p => p.Status == PairStatus.Requested || p.Status == PairStatus.Proposed || p.Status == PairStatus.Active),
            "stalled" when days > 0 => query.Where(p => p.Status == PairStatus.Active && p.LastActivityUtc <= now.AddDays(-days)),
            "poor-fit" => query.Where(p => p.Status == PairStatus.Active && (p.MentorFit == false || p.MenteeFit == false)),
            "ended" => query.Where(p => p.Status == PairStatus.Completed || p.Status == PairStatus.EndedEarly || p.Status == PairStatus.Withdrawn),
            _ => query,
        };
        var pairs = await query.OrderBy(p => p.Status).ThenByDescending(p => p.CreatedUtc).Take(500).ToListAsync(ct);
        var ids = pairs.SelectMany(p => new[] { p.MentorUserId, p.MenteeUserId }).Where(id => id.Length > 0).Distinct().ToList();
        var people = (await directory.FindManyAsync(ids, ct)).ToDictionary(p => p.UserId);
        return [.. pairs.Select(p => new PairRow(p, people.GetValueOrDefault(p.MentorUserId)?.DisplayName ?? "", people.GetValueOrDefault(p.MenteeUserId)?.DisplayName ?? "", p.IsStalled(now, days)))];
    }
}
