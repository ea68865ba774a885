using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Globalization;
using Portal.Matching.Data;
using Portal.Matching.Models;
using Portal.Matching.Services;
using Portal.People;
using Portal.Recipes;
using Portal.Search;

namespace Portal.Matching.Recipes;

public sealed class PartnerMatchingModel
{
    public List<RecipeOrganisation> Organisations { get; set; } = [];
    public List<RecipePartner> Partners { get; set; } = [];
    public List<RecipeNeed> Needs { get; set; } = [];
    public List<RecipeMatch> Matches { get; set; } = [];
}

public sealed class RecipeOrganisation
{
    public string Leader { get; set; } = "";
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";
    public List<string> Conditions { get; set; } = [];
    public string District { get; set; } = "";
    public int? Size { get; set; }
    public int? YearFounded { get; set; }
    public string? Committee { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public Dictionary<string, int?> Assessment { get; set; } = [];
}

public sealed class RecipePartner
{
    public string UserName { get; set; } = "";
    public string Type { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string? About { get; set; }
    public List<string> Skills { get; set; } = [];
    public List<string> Districts { get; set; } = [];
    public List<string> Languages { get; set; } = [];
    public List<string> Causes { get; set; } = [];
    public int HoursPerMonth { get; set; } = 4;
    public bool OnSite { get; set; } = true;
    public bool Remote { get; set; } = true;
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
}

public sealed class RecipeNeed
{
    public string Key { get; set; } = "";

    /// <summary>The organisation's Chinese name.</summary>
    public string Organisation { get; set; } = "";
    public string Area { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public int HoursPerMonth { get; set; } = 4;
    public int Months { get; set; } = 3;
    public int DeadlineInDays { get; set; } = 60;

    /// <summary>on-site, remote or either.</summary>
    public string Mode { get; set; } = "either";
    public string Language { get; set; } = "yue";
}

public sealed class RecipeMatch
{
    public string Need { get; set; } = "";
    public string Partner { get; set; } = "";

    /// <summary>interested, accepted, declined, expired, introduced, active, completed, withdrawn.</summary>
    public string Stage { get; set; } = "interested";
    public int DaysAgo { get; set; } = 2;
    public string? Message { get; set; }
    public string? Reason { get; set; }
    public string? GroupFeedback { get; set; }
    public string? PartnerFeedback { get; set; }
    public int Rating { get; set; } = 5;
    public int Hours { get; set; }
}

/// <summary>Demo partner network: groups with self-assessments, partners of every type, needs, and matches at every
/// stage. Idempotent: an organisation is matched on its Chinese name, a partner on its account, a need on
/// (organisation, title), a match on (need, partner).</summary>
internal sealed class PartnerMatchingStep(MatchingDbContext db, IPersonDirectory directory, TimeProvider clock, IIndexingQueue indexing) : RecipeStepHandler<PartnerMatchingModel>
{
    private static readonly string[] Stages = ["interested", "accepted", "declined", "expired", "introduced", "active", "completed", "withdrawn"];
    private static readonly string[] Modes = ["on-site", "remote", "either"];

    public override string StepName => "PartnerMatching";

    public override IEnumerable<string> Validate(PartnerMatchingModel model, RecipeExecutionContext context)
    {
        foreach (var o in model.Organisations.Where(o => !Vocabulary.Contains(Vocabulary.Districts, o.District)))
        {
            yield return $"Organisation {o.NameZh}: unknown district '{o.District}'.";
        }

        foreach (var p in model.Partners.Where(p => !Vocabulary.Contains(Vocabulary.PartnerTypes, p.Type)))
        {
            yield return $"Partner {p.UserName}: unknown type '{p.Type}'.";
        }

        var keys = model.Needs.Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var n in model.Needs)
        {
            if (!Vocabulary.Contains(Vocabulary.Areas, n.Area))
            {
                yield return $"Need {n.Key}: unknown area '{n.Area}'.";
            }

            if (!Modes.Contains(n.Mode))
            {
                yield return $"Need {n.Key}: mode must be on-site, remote or either.";
            }

            if (!model.Organisations.Any(o => o.NameZh == n.Organisation))
            {
                yield return $"Need {n.Key}: no organisation named {n.Organisation} in this step.";
            }
        }

        foreach (var m in model.Matches)
        {
            if (!Stages.Contains(m.Stage))
            {
                yield return $"Match {m.Need}/{m.Partner}: unknown stage '{m.Stage}'.";
            }

            if (!keys.Contains(m.Need))
            {
                yield return $"Match {m.Need}/{m.Partner}: no need with that key.";
            }
        }
    }

    public override async Task ExecuteAsync(PartnerMatchingModel model, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        // Everything the step writes and its indexing-log rows commit together (accounts are only read here).
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var today = PortalCultures.Today(clock);
        var organisations = new Dictionary<string, Organisation>(StringComparer.Ordinal);
        foreach (var o in model.Organisations)
        {
            var leader = await directory.FindByUserNameAsync(o.Leader, cancellationToken)
                ?? throw new InvalidOperationException($"PartnerMatching: no account named {o.Leader}.");
            var organisation = await db.Organisations.FirstOrDefaultAsync(x => x.NameZh == o.NameZh, cancellationToken);
            if (organisation is null)
            {
                organisation = Organisation.Register(leader.UserId, new OrganisationDetails
                {
                    NameZh = o.NameZh, NameEn = o.NameEn, Conditions = o.Conditions, District = o.District, Size = o.Size,
                    YearFounded = o.YearFounded, Committee = o.Committee, ContactName = o.ContactName, ContactEmail = o.ContactEmail, ContactPhone = o.ContactPhone,
                }, today.Year, now.AddDays(-90));
                db.Organisations.Add(organisation);
                await db.SaveChangesAsync(cancellationToken);
                if (o.Assessment.Count > 0)
                {
                    db.Assessments.Add(CapacityAssessment.Record(organisation.Id, o.Assessment, leader.UserId, now.AddDays(-85)));
                }
            }

            organisations[o.NameZh] = organisation;
        }

        var partners = new Dictionary<string, Partner>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in model.Partners)
        {
            var person = await directory.FindByUserNameAsync(p.UserName, cancellationToken)
                ?? throw new InvalidOperationException($"PartnerMatching: no account named {p.UserName}.");
            var partner = await db.Partners.FirstOrDefaultAsync(x => x.UserId == person.UserId, cancellationToken);
            if (partner is null)
            {
                partner = Partner.Register(person.UserId, new PartnerDetails
                {
                    Type = p.Type, DisplayName = p.DisplayName, About = p.About, Skills = p.Skills, Districts = p.Districts, Languages = p.Languages,
                    Causes = p.Causes, HoursPerMonth = p.HoursPerMonth, OnSite = p.OnSite, Remote = p.Remote,
                    ContactName = p.ContactName, ContactEmail = p.ContactEmail ?? person.Email, ContactPhone = p.ContactPhone,
                }, now.AddDays(-80));
                db.Partners.Add(partner);
            }

            partners[p.UserName] = partner;
        }

        await db.SaveChangesAsync(cancellationToken);

        var needs = new Dictionary<string, Need>(StringComparer.Ordinal);
        foreach (var n in model.Needs)
        {
            var organisation = organisations[n.Organisation];
            var need = await db.Needs.FirstOrDefaultAsync(x => x.OrganisationId == organisation.Id && x.Title == n.Title, cancellationToken);
            if (need is null)
            {
                need = Need.Post(organisation.Id, organisation.LeaderUserId, new NeedDetails
                {
                    Area = n.Area, Title = n.Title, Description = n.Description, HoursPerMonth = n.HoursPerMonth, Months = n.Months,
                    Deadline = today.AddDays(n.DeadlineInDays), Language = n.Language,
                    Mode = n.Mode switch { "on-site" => WorkMode.OnSite, "remote" => WorkMode.Remote, _ => WorkMode.Either },
                }, today, now.AddDays(-30));
                db.Needs.Add(need);
                await db.SaveChangesAsync(cancellationToken);
            }

            needs[n.Key] = need;
        }

        foreach (var m in model.Matches)
        {
            var need = needs[m.Need];
            var partner = partners.GetValueOrDefault(m.Partner) ?? throw new InvalidOperationException($"PartnerMatching: no partner {m.Partner} in this step.");
            if (await db.Matches.AnyAsync(x => x.NeedId == need.Id && x.PartnerId == partner.Id, cancellationToken))
            {
                continue;
            }

            var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == need.OrganisationId, cancellationToken);
            var offered = now.AddDays(-m.DaysAgo);
            var score = Scoring.Score(MatchingService.ToProfile(need, organisation), MatchingService.ToProfile(partner), [])?.Score ?? 0;
            var deadline = WorkingDays.HongKong.AnswerDeadline(offered, 5);
            var match = Match.ExpressInterest(need, partner, m.Message, score, deadline, offered);
            db.Matches.Add(match);
            var answered = offered.AddDays(1);
            switch (m.Stage)
            {
                case "interested":
                    break;
                case "expired":
                    match.ExpireIfOverdue(deadline.AddMinutes(1));
                    break;
                case "declined":
                    match.Answer(false, m.Reason, organisation.LeaderUserId, answered);
                    break;
                case "withdrawn":
                    match.Answer(true, null, organisation.LeaderUserId, answered);
                    match.Withdraw(MatchSide.Partner, m.Reason, answered.AddDays(2));
                    break;
                default:
                    match.Answer(true, null, organisation.LeaderUserId, answered);
                    need.MarkMatched(answered);
                    if (m.Stage == "accepted")
                    {
                        break;
                    }

                    match.Introduce("recipe", answered.AddDays(1));
                    if (m.Stage == "introduced")
                    {
                        break;
                    }

                    match.Start(answered.AddDays(3));
                    if (m.Stage == "completed")
                    {
                        var end = answered.AddDays(Math.Max(4, m.DaysAgo - 3));
                        match.GiveFeedback(MatchSide.Partner, m.PartnerFeedback ?? "-", m.Rating, m.Hours, end);
                        need.MarkMet(end);
                        if (m.GroupFeedback is not null)
                        {
                            match.GiveFeedback(MatchSide.Group, m.GroupFeedback, m.Rating, m.Hours, end.AddDays(1));
                        }
                    }

                    break;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        var open = await db.Needs.AsNoTracking().Select(n => n.Id).ToListAsync(cancellationToken);
        await indexing.EnqueueAsync([.. open.SelectMany(id => PortalCultures.All.Select(c => new IndexChange(NeedSearchSource.SourceName, NeedSearchSource.ItemId(id, c))))], tx.GetDbTransaction(), cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }
}
