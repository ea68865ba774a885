using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Portal.Globalization;
using Portal.Matching.Data;
using Portal.Matching.Models;
using Portal.Notifications;
using Portal.People;
using Portal.Search;

namespace Portal.Matching.Services;

/// <summary>Filters on the suggestion lists (all optional).</summary>
public sealed record SuggestionFilter
{
    public string? Area { get; init; }
    public string? District { get; init; }
    public string? PartnerType { get; init; }
    public bool RemoteOnly { get; init; }
    public int MinScore { get; init; }
}

public sealed record NeedView(Need Need, Organisation Organisation);

public sealed record PartnerSuggestion(ScoredMatch Scored, Partner Partner);

/// <summary>What a visitor who is not signed in sees of the scheme: its size and the newest open needs (public
/// summaries only; no contact and no person).</summary>
public sealed record SchemeOverview(int OpenNeeds, int Partners, int MatchesUnderway, int MatchesCompleted, IReadOnlyList<NeedView> Latest);

public sealed record NeedSuggestion(ScoredMatch Scored, Need Need, Organisation Organisation);

public sealed record MatchDetails(Match Match, Need Need, Organisation Organisation, Partner? Partner, MatchRole Role)
{
    public bool ShowContacts => MatchingAccess.CanSeeContacts(Match, Role);
}

/// <summary>The scheme's use cases for groups and partners: profiles, needs, suggestions, offers and the match's
/// life. Object-level checks go through <see cref="MatchingAccess"/>; rules live on the entities.</summary>
public sealed class MatchingService(
    MatchingDbContext db,
    TimeProvider clock,
    IOptions<MatchingOptions> options,
    INotificationPublisher publisher,
    IPersonDirectory directory,
    IIndexingQueue indexing,
    PartnerDirectory partners)
{
    public const string StaleMessage = "Someone changed this in the meantime. Your changes are still in the form: check the page and save again.";
    public const string AnsweredMeanwhileMessage = "Someone else acted on this match at the same moment, and their step was saved first. The page now shows where it stands.";

    private DateTimeOffset Now => clock.GetUtcNow();

    // ---------- Organisation ----------

    public async Task<Organisation> SaveOrganisationAsync(Viewer viewer, long? organisationId, OrganisationDetails details, int? expectedVersion, CancellationToken ct)
    {
        var thisYear = PortalCultures.Today(clock).Year;
        Organisation? organisation = organisationId is { } id
            ? await db.Organisations.FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw new MatchingNotFoundException()
            : await db.Organisations.OrderBy(o => o.Id).FirstOrDefaultAsync(o => o.LeaderUserId == viewer.UserId, ct);
        if (organisation is null)
        {
            organisation = Organisation.Register(viewer.UserId, details, thisYear, Now);
            db.Organisations.Add(organisation);
        }
        else
        {
            if (!MatchingAccess.CanEdit(organisation, viewer))
            {
                throw new MatchingNotFoundException();
            }

            CheckVersion(organisation.Version, expectedVersion);
            organisation.Update(details, thisYear, Now);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await SaveAsync(StaleMessage, ct);
        // The group's name and conditions appear in its open needs' search summaries.
        var open = await db.Needs.AsNoTracking().Where(n => n.OrganisationId == organisation.Id && n.Status == NeedStatus.Open).Select(n => n.Id).ToListAsync(ct);
        await EnqueueAsync(open, tx, ct);
        await tx.CommitAsync(ct);
        return organisation;
    }

    public Task<CapacityAssessment?> LatestAssessmentAsync(long organisationId, CancellationToken ct) =>
        db.Assessments.AsNoTracking().Where(a => a.OrganisationId == organisationId)
            .OrderByDescending(a => a.AssessedUtc).ThenByDescending(a => a.Id).FirstOrDefaultAsync(ct);

    public async Task<CapacityAssessment> AssessAsync(Viewer viewer, long organisationId, IReadOnlyDictionary<string, int?> scores, CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organisationId, ct);
        if (organisation is null || !MatchingAccess.CanEdit(organisation, viewer))
        {
            throw new MatchingNotFoundException();
        }

        var assessment = CapacityAssessment.Record(organisationId, scores, viewer.UserId, Now);
        db.Assessments.Add(assessment);
        await SaveAsync(StaleMessage, ct);
        return assessment;
    }

    // ---------- Needs ----------

    public async Task<Need> PostNeedAsync(Viewer viewer, long organisationId, NeedDetails details, CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organisationId, ct);
        if (organisation is null || !MatchingAccess.CanEdit(organisation, viewer))
        {
            throw new MatchingNotFoundException();
        }

        var need = Need.Post(organisationId, viewer.UserId, details, PortalCultures.Today(clock), Now);
        // A double submit (the same need posted twice within a minute) makes one need.
        var since = Now.AddMinutes(-1);
        var twin = await db.Needs.AsNoTracking().FirstOrDefaultAsync(n => n.OrganisationId == organisationId && n.CreatedUtc >= since
            && n.Title == need.Title && n.Area == need.Area && n.Description == need.Description, ct);
        if (twin is not null)
        {
            return twin;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Needs.Add(need);
        await SaveAsync(StaleMessage, ct);
        await EnqueueAsync([need.Id], tx, ct);
        await tx.CommitAsync(ct);
        return need;
    }

    public async Task<Need> UpdateNeedAsync(Viewer viewer, long needId, NeedDetails details, int? expectedVersion, CancellationToken ct)
    {
        var (need, _) = await EditableNeedAsync(viewer, needId, ct);
        CheckVersion(need.Version, expectedVersion);
        need.Update(details, PortalCultures.Today(clock), Now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await SaveAsync(StaleMessage, ct);
        await EnqueueAsync([need.Id], tx, ct);
        await tx.CommitAsync(ct);
        return need;
    }

    public async Task CloseNeedAsync(Viewer viewer, long needId, int? expectedVersion, CancellationToken ct)
    {
        var (need, _) = await EditableNeedAsync(viewer, needId, ct);
        CheckVersion(need.Version, expectedVersion);
        need.Close(Now);
        var waiting = await db.Matches.Where(m => m.NeedId == needId && m.Status == MatchStatus.Interested).ToListAsync(ct);
        foreach (var match in waiting)
        {
            match.Withdraw(MatchSide.Group, "The group closed this need.", Now);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await SaveAsync(StaleMessage, ct);
        await EnqueueAsync([need.Id], tx, ct);
        await tx.CommitAsync(ct);
    }

    private async Task<(Need Need, Organisation Organisation)> EditableNeedAsync(Viewer viewer, long needId, CancellationToken ct)
    {
        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == needId, ct) ?? throw new MatchingNotFoundException();
        var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == need.OrganisationId, ct);
        if (!MatchingAccess.CanEdit(organisation, viewer))
        {
            throw new MatchingNotFoundException();
        }

        return (need, organisation);
    }

    /// <summary>A need as anyone may see it: open needs are public summaries; closed ones only to their group and staff.</summary>
    public async Task<NeedView?> GetNeedAsync(Viewer viewer, long needId, CancellationToken ct)
    {
        var need = await db.Needs.AsNoTracking().FirstOrDefaultAsync(n => n.Id == needId, ct);
        if (need is null)
        {
            return null;
        }

        var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == need.OrganisationId, ct);
        if (need.IsOpen || MatchingAccess.CanEdit(organisation, viewer))
        {
            return new NeedView(need, organisation);
        }

        // A partner in a match on this need still sees it.
        var inMatch = viewer.SignedIn && await db.Matches.AsNoTracking().AnyAsync(m => m.NeedId == needId && m.PartnerUserId == viewer.UserId, ct);
        return inMatch ? new NeedView(need, organisation) : null;
    }

    /// <summary>The scheme as a visitor sees it: counts and the newest open needs.</summary>
    public async Task<SchemeOverview> OverviewAsync(int take, CancellationToken ct)
    {
        var open = db.Needs.AsNoTracking().Where(n => n.Status == NeedStatus.Open);
        var latest = await open.OrderByDescending(n => n.CreatedUtc).ThenByDescending(n => n.Id).Take(take).ToListAsync(ct);
        var orgIds = latest.Select(n => n.OrganisationId).Distinct().ToList();
        var organisations = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var stages = await db.Matches.AsNoTracking()
            .Where(m => m.Status == MatchStatus.Accepted || m.Status == MatchStatus.Introduced || m.Status == MatchStatus.Active || m.Status == MatchStatus.Completed)
            .GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return new SchemeOverview(
            await open.CountAsync(ct),
            await db.Partners.AsNoTracking().CountAsync(p => p.Available, ct),
            stages.Where(s => s.Key != MatchStatus.Completed).Sum(s => s.Count),
            stages.Where(s => s.Key == MatchStatus.Completed).Sum(s => s.Count),
            [.. latest.Where(n => organisations.ContainsKey(n.OrganisationId)).Select(n => new NeedView(n, organisations[n.OrganisationId]))]);
    }

    public Task<List<Need>> NeedsOfAsync(long organisationId, CancellationToken ct) =>
        db.Needs.AsNoTracking().Where(n => n.OrganisationId == organisationId)
            .OrderBy(n => n.Status).ThenByDescending(n => n.CreatedUtc).ToListAsync(ct);

    // ---------- Partners ----------

    public async Task<Partner> SavePartnerAsync(Viewer viewer, PartnerDetails details, bool available, int? expectedVersion, CancellationToken ct)
    {
        var partner = await db.Partners.FirstOrDefaultAsync(p => p.UserId == viewer.UserId, ct);
        if (partner is null)
        {
            partner = Partner.Register(viewer.UserId, details, Now);
            if (!available)
            {
                partner.Update(details, available, Now);
            }

            db.Partners.Add(partner);
        }
        else
        {
            CheckVersion(partner.Version, expectedVersion);
            partner.Update(details, available, Now);
        }

        try
        {
            await SaveAsync(StaleMessage, ct);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // The same registration sent twice at once: the unique index keeps one; the person sees the form again.
            throw new MatchingRuleException(StaleMessage, ex);
        }

        partners.Invalidate();
        return partner;
    }

    // ---------- Suggestions ----------

    /// <summary>Partners for a need, scored, with reasons (the group and staff see these).</summary>
    public async Task<IReadOnlyList<PartnerSuggestion>> SuggestPartnersAsync(Need need, Organisation organisation, SuggestionFilter filter, CancellationToken ct, int take = 20)
    {
        var profile = ToProfile(need, organisation);
        var snapshot = await partners.GetAsync(ct);
        var candidates = snapshot.Offering(need.Area).Where(p =>
            (filter.PartnerType is null || p.Type == filter.PartnerType) &&
            (filter.District is null || p.Districts.Contains(filter.District)) &&
            (!filter.RemoteOnly || p.Remote));
        var taken = await db.Matches.AsNoTracking().Where(m => m.NeedId == need.Id).Select(m => m.PartnerId).ToListAsync(ct);
        var passes = await PassesAsync(need.OrganisationId, need.Area, ct);
        var takenSet = taken.ToHashSet();
        var scored = Scoring.PartnersFor(profile, candidates.Where(p => !takenSet.Contains(p.Id)), passes, take * 2)
            .Where(s => s.Score >= filter.MinScore).Take(take).ToList();
        var ids = scored.Select(s => s.Partner.Id).ToList();
        var rows = await db.Partners.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        return [.. scored.Where(s => rows.ContainsKey(s.Partner.Id)).Select(s => new PartnerSuggestion(s, rows[s.Partner.Id]))];
    }

    /// <summary>Open needs for a partner, scored, with reasons.</summary>
    public async Task<IReadOnlyList<NeedSuggestion>> SuggestNeedsAsync(Partner partner, SuggestionFilter filter, CancellationToken ct, int take = 20)
    {
        var today = PortalCultures.Today(clock);
        var query = db.Needs.AsNoTracking().Where(n => n.Status == NeedStatus.Open && n.Deadline >= today);
        if (filter.Area is { } area)
        {
            query = query.Where(n => n.Area == area);
        }

        if (filter.RemoteOnly)
        {
            query = query.Where(n => n.Mode != WorkMode.OnSite);
        }

        var needs = await query.ToListAsync(ct);
        var orgIds = needs.Select(n => n.OrganisationId).Distinct().ToList();
        var organisations = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        if (filter.District is { } district)
        {
            needs = [.. needs.Where(n => organisations.TryGetValue(n.OrganisationId, out var o) && o.District == district)];
        }

        var offered = await db.Matches.AsNoTracking().Where(m => m.PartnerId == partner.Id).Select(m => m.NeedId).ToListAsync(ct);
        var offeredSet = offered.ToHashSet();
        var passes = await db.Passes.AsNoTracking().Where(p => p.PartnerId == partner.Id)
            .Select(p => new PassRecord(p.NeedId, p.PartnerId, p.OrganisationId, p.Area, p.Side)).ToListAsync(ct);
        var profiles = needs.Where(n => !offeredSet.Contains(n.Id) && organisations.ContainsKey(n.OrganisationId))
            .Select(n => ToProfile(n, organisations[n.OrganisationId]));
        var scored = Scoring.NeedsFor(ToProfile(partner), profiles, passes, take * 2).Where(s => s.Score >= filter.MinScore).Take(take);
        var byId = needs.ToDictionary(n => n.Id);
        return [.. scored.Select(s => new NeedSuggestion(s, byId[s.Need.Id], organisations[byId[s.Need.Id].OrganisationId]))];
    }

    /// <summary>The score of one pair now (for an offer, or for staff brokering by hand); null when it is no fit.</summary>
    public async Task<ScoredMatch?> ScoreAsync(Need need, Organisation organisation, Partner partner, CancellationToken ct) =>
        Scoring.Score(ToProfile(need, organisation), ToProfile(partner),
            (await PassesAsync(need.OrganisationId, need.Area, ct)).Where(p => p.PartnerId == partner.Id && p.NeedId != need.Id).ToList());

    private async Task<List<PassRecord>> PassesAsync(long organisationId, string area, CancellationToken ct) =>
        await db.Passes.AsNoTracking().Where(p => p.OrganisationId == organisationId || p.Area == area)
            .Select(p => new PassRecord(p.NeedId, p.PartnerId, p.OrganisationId, p.Area, p.Side)).ToListAsync(ct);

    internal static NeedProfile ToProfile(Need need, Organisation organisation) =>
        new(need.Id, need.OrganisationId, need.Area, organisation.District, need.Language, need.Mode, need.HoursPerMonth, organisation.ConditionList);

    internal static PartnerProfile ToProfile(Partner p) =>
        new(p.Id, p.Type, p.SkillList, p.DistrictList, p.LanguageList, p.CauseList, p.HoursPerMonth, p.OnSite, p.Remote);

    /// <summary>Someone passes on a suggestion, with a reason (kept; used to improve later suggestions).</summary>
    public async Task PassAsync(Viewer viewer, long needId, long partnerId, PassSide side, string? reason, CancellationToken ct)
    {
        var need = await db.Needs.AsNoTracking().FirstOrDefaultAsync(n => n.Id == needId, ct) ?? throw new MatchingNotFoundException();
        if (side == PassSide.Group)
        {
            var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == need.OrganisationId, ct);
            if (!MatchingAccess.CanEdit(organisation, viewer))
            {
                throw new MatchingNotFoundException();
            }
        }
        else
        {
            var partner = await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == partnerId, ct);
            if (partner is null || partner.UserId != viewer.UserId)
            {
                throw new MatchingNotFoundException();
            }
        }

        if (await db.Passes.AnyAsync(p => p.NeedId == needId && p.PartnerId == partnerId && p.Side == side, ct))
        {
            return; // a double submit: passed once
        }

        db.Passes.Add(Pass.Record(need, partnerId, side, reason, viewer.UserId, Now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // Two submits at once: the unique index kept one, which is what the person asked for.
            db.ChangeTracker.Clear();
            if (!await db.Passes.AsNoTracking().AnyAsync(p => p.NeedId == needId && p.PartnerId == partnerId && p.Side == side, ct))
            {
                throw new MatchingRuleException(StaleMessage, ex);
            }
        }
    }

    // ---------- Matches ----------

    /// <summary>A partner offers help with a need; the group has <see cref="MatchingOptions.AnswerWorkingDays"/> working days to answer.</summary>
    public async Task<Match> ExpressInterestAsync(Viewer viewer, long needId, string? message, CancellationToken ct)
    {
        var partner = await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == viewer.UserId, ct)
            ?? throw new MatchingRuleException("Please register as a partner first.");
        return await CreateMatchAsync(needId, partner, message, null, ct);
    }

    internal async Task<Match> CreateMatchAsync(long needId, Partner partner, string? message, string? brokeredBy, CancellationToken ct)
    {
        var need = await db.Needs.AsNoTracking().FirstOrDefaultAsync(n => n.Id == needId, ct) ?? throw new MatchingNotFoundException();
        var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == need.OrganisationId, ct);
        if (organisation.LeaderUserId == partner.UserId)
        {
            throw new MatchingRuleException("This is your own group's need.");
        }

        var existing = await db.Matches.AsNoTracking().FirstOrDefaultAsync(m => m.NeedId == needId && m.PartnerId == partner.Id, ct);
        if (existing is not null)
        {
            // A double submit, or an offer made before: the person lands on the same match.
            return existing;
        }

        var score = await ScoreAsync(need, organisation, partner, ct);
        if (score is null && brokeredBy is null)
        {
            throw new MatchingRuleException("Your profile does not offer this kind of help. Add it to your skills first, or choose another need.");
        }

        var now = Now;
        var deadline = WorkingDays.HongKong.AnswerDeadline(now, Math.Max(1, options.Value.AnswerWorkingDays));
        var match = Match.ExpressInterest(need, partner, message, score?.Score ?? 0, deadline, now, brokeredBy);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Matches.Add(match);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // Two submits at once: the unique index kept the first; show that one.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return await db.Matches.AsNoTracking().FirstOrDefaultAsync(m => m.NeedId == needId && m.PartnerId == partner.Id, ct)
                ?? throw new MatchingRuleException(StaleMessage, ex);
        }

        await NotifyAsync(MatchingNotifications.InterestReceived, organisation.LeaderUserId, new()
        {
            ["other"] = partner.DisplayName,
            ["need"] = need.Title,
            ["deadline"] = PortalCultures.FormatDateTime(deadline.AddMinutes(-1)),
        }, $"matching.interest:{match.Id}", $"/partners/matches/{match.Id}", tx, ct);
        await tx.CommitAsync(ct);
        return match;
    }

    public async Task<MatchDetails?> GetMatchAsync(Viewer viewer, long matchId, CancellationToken ct)
    {
        var match = await db.Matches.AsNoTracking().FirstOrDefaultAsync(m => m.Id == matchId, ct);
        if (match is null)
        {
            return null;
        }

        var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == match.OrganisationId, ct);
        var role = MatchingAccess.RoleIn(match, organisation, viewer);
        if (role == MatchRole.None)
        {
            return null;
        }

        var need = await db.Needs.AsNoTracking().FirstAsync(n => n.Id == match.NeedId, ct);
        var partner = await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == match.PartnerId, ct);
        return new MatchDetails(match, need, organisation, partner, role);
    }

    /// <summary>Matches the person is in (either side), newest first.</summary>
    public async Task<List<MatchDetails>> MyMatchesAsync(Viewer viewer, CancellationToken ct)
    {
        if (!viewer.SignedIn)
        {
            return [];
        }

        // One query (the partners' page asks on every visit): the person's offers as a partner and the offers to the
        // groups they lead, each with its need, group and partner.
        var me = viewer.UserId;
        var rows = await (
            from m in db.Matches.AsNoTracking()
            join n in db.Needs.AsNoTracking() on m.NeedId equals n.Id
            join o in db.Organisations.AsNoTracking() on m.OrganisationId equals o.Id
            join p in db.Partners.AsNoTracking() on m.PartnerId equals p.Id into partners
            from p in partners.DefaultIfEmpty()
            where m.PartnerUserId == me || o.LeaderUserId == me
            orderby m.CreatedUtc descending
            select new { Match = m, Need = n, Organisation = o, Partner = p }).Take(200).ToListAsync(ct);
        return [.. rows.Select(r => new MatchDetails(r.Match, r.Need, r.Organisation, r.Partner, MatchingAccess.RoleIn(r.Match, r.Organisation, viewer)))];
    }

    internal async Task<List<MatchDetails>> DetailsAsync(List<Match> matches, Viewer viewer, CancellationToken ct)
    {
        var needIds = matches.Select(m => m.NeedId).Distinct().ToList();
        var orgIds = matches.Select(m => m.OrganisationId).Distinct().ToList();
        var partnerIds = matches.Select(m => m.PartnerId).Distinct().ToList();
        var needs = await db.Needs.AsNoTracking().Where(n => needIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, ct);
        var organisations = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var partnerRows = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        return [.. matches.Select(m => new MatchDetails(m, needs[m.NeedId], organisations[m.OrganisationId], partnerRows.GetValueOrDefault(m.PartnerId),
            MatchingAccess.RoleIn(m, organisations[m.OrganisationId], viewer)))];
    }

    /// <summary>The group answers a partner's offer.</summary>
    public async Task AnswerAsync(Viewer viewer, long matchId, bool accept, string? reason, int? expectedVersion, CancellationToken ct)
    {
        var (match, organisation, role) = await RequireMatchAsync(viewer, matchId, ct);
        if (role is not (MatchRole.Group or MatchRole.Staff))
        {
            throw new MatchingRuleException("Only the group answers an offer.");
        }

        CheckVersion(match.Version, expectedVersion, AnsweredMeanwhileMessage);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            match.Answer(accept, reason, viewer.UserId, Now);
        }
        catch (MatchingRuleException) when (match.ExpireIfOverdue(Now))
        {
            await SaveAsync(AnsweredMeanwhileMessage, ct);
            await tx.CommitAsync(ct);
            throw;
        }

        var need = await db.Needs.FirstAsync(n => n.Id == match.NeedId, ct);
        if (accept)
        {
            need.MarkMatched(Now);
        }

        await SaveAsync(AnsweredMeanwhileMessage, ct);
        var partner = await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == match.PartnerId, ct);
        var person = await directory.FindAsync(match.PartnerUserId, ct);
        var english = PortalCultures.Normalize(person?.Culture) == PortalCultures.English;
        var groupName = organisation.Name(english);
        await NotifyAsync(MatchingNotifications.InterestAnswered, match.PartnerUserId, new()
        {
            ["other"] = groupName,
            ["need"] = need.Title,
            ["answer"] = accept ? (english ? "accepted" : "接受了") : (english ? "declined" : "婉拒了"),
            ["next"] = accept
                ? (english ? "Staff will introduce you to each other by e-mail. The group's contacts are on the match page:" : "職員會以電郵介紹你們認識。小組的聯絡資料已在配對頁面顯示：")
                : (english ? "Thank you for offering. Other groups may need you:" : "多謝你的提議，其他小組或許需要你："),
        }, $"matching.answered:{match.Id}", $"/partners/matches/{match.Id}", tx, ct);
        if (accept)
        {
            foreach (var staff in (await directory.InRoleAsync(Portal.Security.PortalRoles.Staff, ct)).Select(p => p.UserId).Distinct())
            {
                await NotifyAsync(MatchingNotifications.ReadyToIntroduce, staff, new()
                {
                    ["group"] = organisation.Name(false),
                    ["other"] = partner?.DisplayName ?? "",
                    ["need"] = need.Title,
                }, $"matching.ready:{match.Id}:{staff}", $"/partners/matches/{match.Id}", tx, ct);
            }
        }

        await EnqueueAsync([need.Id], tx, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Either side (or staff) says the work has started.</summary>
    public async Task StartAsync(Viewer viewer, long matchId, int? expectedVersion, CancellationToken ct)
    {
        var (match, _, role) = await RequireMatchAsync(viewer, matchId, ct);
        if (role == MatchRole.None)
        {
            throw new MatchingNotFoundException();
        }

        CheckVersion(match.Version, expectedVersion, AnsweredMeanwhileMessage);
        match.Start(Now);
        await SaveAsync(AnsweredMeanwhileMessage, ct);
    }

    /// <summary>One side's feedback at the end (the first completes the match and meets the need).</summary>
    public async Task FeedbackAsync(Viewer viewer, long matchId, string? outcome, int? rating, int? hours, int? expectedVersion, CancellationToken ct)
    {
        var (match, organisation, role) = await RequireMatchAsync(viewer, matchId, ct);
        var side = MatchingAccess.SideOf(role);
        if (side == MatchSide.None)
        {
            throw new MatchingRuleException("Only the group and the partner give feedback.");
        }

        CheckVersion(match.Version, expectedVersion, AnsweredMeanwhileMessage);
        var wasActive = match.Status == MatchStatus.Active;
        match.GiveFeedback(side, outcome, rating, hours, Now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var need = await db.Needs.FirstAsync(n => n.Id == match.NeedId, ct);
        if (wasActive)
        {
            need.MarkMet(Now);
        }

        await SaveAsync(AnsweredMeanwhileMessage, ct);
        if (wasActive)
        {
            var partner = await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == match.PartnerId, ct);
            var (recipient, other) = side == MatchSide.Group
                ? (match.PartnerUserId, organisation.Name(false))
                : (organisation.LeaderUserId, partner?.DisplayName ?? "");
            await NotifyAsync(MatchingNotifications.FeedbackAsked, recipient, new() { ["other"] = other, ["need"] = need.Title },
                $"matching.feedback:{match.Id}", $"/partners/matches/{match.Id}#feedback", tx, ct);
        }

        await tx.CommitAsync(ct);
    }

    public async Task WithdrawAsync(Viewer viewer, long matchId, string? reason, int? expectedVersion, CancellationToken ct)
    {
        var (match, _, role) = await RequireMatchAsync(viewer, matchId, ct);
        CheckVersion(match.Version, expectedVersion, AnsweredMeanwhileMessage);
        var side = role == MatchRole.Staff ? MatchSide.Group : MatchingAccess.SideOf(role);
        var held = match.Status is MatchStatus.Accepted or MatchStatus.Introduced or MatchStatus.Active;
        match.Withdraw(side, reason, Now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var need = await db.Needs.FirstAsync(n => n.Id == match.NeedId, ct);
        var anotherHeld = await db.Matches.AsNoTracking().AnyAsync(m => m.NeedId == need.Id && m.Id != match.Id
            && (m.Status == MatchStatus.Accepted || m.Status == MatchStatus.Introduced || m.Status == MatchStatus.Active), ct);
        if (held && !anotherHeld)
        {
            need.Reopen(Now);
        }

        await SaveAsync(AnsweredMeanwhileMessage, ct);
        await EnqueueAsync([need.Id], tx, ct);
        await tx.CommitAsync(ct);
    }

    internal async Task<(Match Match, Organisation Organisation, MatchRole Role)> RequireMatchAsync(Viewer viewer, long matchId, CancellationToken ct)
    {
        var match = await db.Matches.FirstOrDefaultAsync(m => m.Id == matchId, ct) ?? throw new MatchingNotFoundException();
        var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == match.OrganisationId, ct);
        var role = MatchingAccess.RoleIn(match, organisation, viewer);
        return role == MatchRole.None ? throw new MatchingNotFoundException() : (match, organisation, role);
    }

    // ---------- Helpers ----------

    internal static void CheckVersion(int actual, int? expected, string message = StaleMessage)
    {
        if (expected is { } v && v != actual)
        {
            throw new MatchingRuleException(message);
        }
    }

    private async Task SaveAsync(string staleMessage, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new MatchingRuleException(staleMessage, ex);
        }
    }

    internal Task EnqueueAsync(IReadOnlyCollection<long> needIds, IDbContextTransaction tx, CancellationToken ct) =>
        needIds.Count == 0 ? Task.CompletedTask
        : indexing.EnqueueAsync([.. needIds.SelectMany(id => PortalCultures.All.Select(culture => new IndexChange(NeedSearchSource.SourceName, NeedSearchSource.ItemId(id, culture))))], tx.GetDbTransaction(), ct);

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
}

/// <summary>The item does not exist or the viewer may not see it (pages answer 404 either way).</summary>
public sealed class MatchingNotFoundException : Exception
{
    public MatchingNotFoundException() : base("Not found.")
    {
    }

    public MatchingNotFoundException(string message) : base(message)
    {
    }

    public MatchingNotFoundException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
