using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Globalization;
using Portal.Matching.Data;
using Portal.Matching.Models;
using Portal.Matching.Resources;
using Portal.Matching.Services;
using Portal.Matching.ViewModels;
using Portal.People;
using Portal.Security;

namespace Portal.Matching.Controllers;

/// <summary>The pages of groups and partners: profiles, needs, suggestions, offers and matches.</summary>
[Area("Matching")]
[Authorize]
public sealed class PartnersController(
    MatchingService matching,
    MatchingAccess access,
    MatchingDbContext db,
    IAuthorizationService authorization,
    IPersonDirectory directory,
    TimeProvider clock,
    Portal.Privacy.IPersonalDataAccessLog audit,
    IStringLocalizer<MatchingStrings> t) : MatchingControllerBase(t)
{
    [HttpGet("/partners")]
    [AllowAnonymous]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User);
        if (!viewer.SignedIn)
        {
            // A visitor learns what the scheme is and how to take part before being asked to sign in.
            return View("Landing", await matching.OverviewAsync(6, ct));
        }

        var organisation = await access.OrganisationOfAsync(viewer.UserId, ct);
        var needs = organisation is null ? [] : await matching.NeedsOfAsync(organisation.Id, ct);
        var needIds = needs.Select(n => n.Id).ToList();
        var waiting = needIds.Count == 0 ? [] : await db.Matches.AsNoTracking().Where(m => needIds.Contains(m.NeedId) && m.Status == MatchStatus.Interested)
            .GroupBy(m => m.NeedId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var partner = await access.PartnerOfAsync(viewer.UserId, ct);
        return View(new HomePage
        {
            Organisation = organisation,
            Assessment = organisation is null ? null : await matching.LatestAssessmentAsync(organisation.Id, ct),
            Needs = needs,
            WaitingOffers = waiting,
            Partner = partner,
            // A match has a group's leader and a partner: someone who is neither (most members) has none to read.
            Matches = organisation is null && partner is null ? [] : await matching.MyMatchesAsync(viewer, ct),
            CanLeadGroup = await authorization.AuthorizeAsync(User, Permissions.PostGroupNeeds),
            CanOfferHelp = await authorization.AuthorizeAsync(User, Permissions.OfferPartnerHelp),
            IsStaff = viewer.IsStaff,
        });
    }

    // ---------- Organisation and self-assessment ----------

    [HttpGet("/partners/organisation")]
    [Authorize(Policy = Permissions.PostGroupNeedsPolicy)]
    public async Task<IActionResult> Organisation(CancellationToken ct)
    {
        var organisation = await access.OrganisationOfAsync(UserId, ct);
        return View(organisation is null ? new OrganisationForm() : OrganisationForm.From(organisation));
    }

    [HttpPost("/partners/organisation")]
    [Authorize(Policy = Permissions.PostGroupNeedsPolicy)]
    public async Task<IActionResult> SaveOrganisation(OrganisationForm form, CancellationToken ct)
    {
        if (KeepTyped())
        {
            try
            {
                var viewer = await access.ViewerAsync(User);
                var own = await access.OrganisationOfAsync(viewer.UserId, ct);
                await matching.SaveOrganisationAsync(viewer, own?.Id, form.ToDetails(), form.Version, ct);
                ShowStatus("The group's profile is saved.");
                return Redirect("/partners");
            }
            catch (MatchingRuleException ex)
            {
                AddError(ex.Message);
            }
        }

        return Again("Organisation", form);
    }

    [HttpGet("/partners/organisation/assessment")]
    [Authorize(Policy = Permissions.PostGroupNeedsPolicy)]
    public async Task<IActionResult> Assessment(CancellationToken ct)
    {
        var organisation = await access.OrganisationOfAsync(UserId, ct);
        if (organisation is null)
        {
            ShowError("Please set up the group's profile first.");
            return Redirect("/partners/organisation");
        }

        var latest = await matching.LatestAssessmentAsync(organisation.Id, ct);
        return View(new AssessmentPage { Organisation = organisation, Latest = latest, Form = AssessmentForm.From(latest) });
    }

    [HttpPost("/partners/organisation/assessment")]
    [Authorize(Policy = Permissions.PostGroupNeedsPolicy)]
    public async Task<IActionResult> SaveAssessment(AssessmentForm form, CancellationToken ct)
    {
        var organisation = await access.OrganisationOfAsync(UserId, ct);
        if (organisation is null)
        {
            return NotFoundPage();
        }

        if (KeepTyped())
        {
            try
            {
                var assessment = await matching.AssessAsync(await access.ViewerAsync(User), organisation.Id, form.ToScores(), ct);
                ShowStatus(assessment.WeakAreas().Count > 0
                    ? "Thank you. The areas where the group could use help are listed below, each with a need you can post."
                    : "Thank you. The group is strong in every area.");
                return Redirect("/partners#assessment");
            }
            catch (MatchingRuleException ex)
            {
                AddError(ex.Message);
            }
        }

        return Again("Assessment", new AssessmentPage { Organisation = organisation, Form = form, Latest = await matching.LatestAssessmentAsync(organisation.Id, ct) });
    }

    // ---------- Needs ----------

    [HttpGet("/partners/needs/new")]
    [Authorize(Policy = Permissions.PostGroupNeedsPolicy)]
    public async Task<IActionResult> NewNeed(string? kind, CancellationToken ct)
    {
        var organisation = await access.OrganisationOfAsync(UserId, ct);
        if (organisation is null)
        {
            ShowError("Please set up the group's profile first.");
            return Redirect("/partners/organisation");
        }

        var today = PortalCultures.Today(clock);
        // "kind", not "area": the route value "area" (the MVC area) would win over the query string.
        var form = new NeedForm { Area = Vocabulary.Contains(Vocabulary.Areas, kind) ? kind : null, Deadline = today.AddMonths(1) };
        return View("NeedForm", new NeedFormPage { Organisation = organisation, Form = form, Today = today });
    }

    [HttpPost("/partners/needs")]
    [Authorize(Policy = Permissions.PostGroupNeedsPolicy)]
    [EnableRateLimiting(RateLimitPolicies.Posting)]
    public async Task<IActionResult> PostNeed([Bind(Prefix = "Form")] NeedForm form, CancellationToken ct)
    {
        var organisation = await access.OrganisationOfAsync(UserId, ct);
        if (organisation is null)
        {
            return NotFoundPage();
        }

        if (KeepTyped())
        {
            try
            {
                var need = await matching.PostNeedAsync(await access.ViewerAsync(User), organisation.Id, form.ToDetails(), ct);
                ShowStatus("The need is posted. Suggested partners are below; partners can also find it and offer help.");
                return Redirect($"/partners/needs/{need.Id}");
            }
            catch (MatchingRuleException ex)
            {
                AddError(ex.Message);
            }
        }

        return Again("NeedForm", new NeedFormPage { Organisation = organisation, Form = form, Today = PortalCultures.Today(clock) });
    }

    [HttpGet("/partners/needs/{id:long}")]
    [AllowAnonymous]
    public async Task<IActionResult> Need(long id, string? type, string? district, bool remote, int? min, CancellationToken ct)
    {
        var filter = new SuggestionFilter
        {
            PartnerType = Vocabulary.Contains(Vocabulary.PartnerTypes, type) ? type : null,
            District = Vocabulary.Contains(Vocabulary.Districts, district) ? district : null,
            RemoteOnly = remote,
            MinScore = Math.Clamp(min ?? 0, 0, 100),
        };
        var page = await NeedPageAsync(id, filter, ct);
        return page is null ? NotFoundPage() : View("Need", page);
    }

    private async Task<NeedPage?> NeedPageAsync(long id, SuggestionFilter filter, CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User);
        var view = await matching.GetNeedAsync(viewer, id, ct);
        if (view is null)
        {
            return null;
        }

        var canEdit = MatchingAccess.CanEdit(view.Organisation, viewer);
        var partner = await access.PartnerOfAsync(viewer.UserId, ct);
        var myOffer = partner is null ? null : await db.Matches.AsNoTracking().FirstOrDefaultAsync(m => m.NeedId == id && m.PartnerId == partner.Id, ct);
        var offers = canEdit
            ? await matching.DetailsAsync(await db.Matches.AsNoTracking().Where(m => m.NeedId == id).OrderByDescending(m => m.CreatedUtc).ToListAsync(ct), viewer, ct)
            : [];
        return new NeedPage
        {
            View = view,
            CanEdit = canEdit,
            MyPartner = partner,
            MyOffer = myOffer,
            MyScore = partner is null || canEdit ? null : await matching.ScoreAsync(view.Need, view.Organisation, partner, ct),
            Suggestions = canEdit && view.Need.IsOpen ? await matching.SuggestPartnersAsync(view.Need, view.Organisation, filter, ct) : [],
            Offers = offers,
            Filter = filter,
            SignedIn = viewer.SignedIn,
            CanOfferHelp = viewer.SignedIn && await authorization.AuthorizeAsync(User, Permissions.OfferPartnerHelp),
        };
    }

    [HttpGet("/partners/needs/{id:long}/edit")]
    [Authorize(Policy = Permissions.PostGroupNeedsPolicy)]
    public async Task<IActionResult> EditNeed(long id, CancellationToken ct)
    {
        var view = await matching.GetNeedAsync(await access.ViewerAsync(User), id, ct);
        if (view is null || !MatchingAccess.CanEdit(view.Organisation, await access.ViewerAsync(User)))
        {
            return NotFoundPage();
        }

        return View("NeedForm", new NeedFormPage { Organisation = view.Organisation, Form = NeedForm.From(view.Need), Today = PortalCultures.Today(clock) });
    }

    [HttpPost("/partners/needs/{id:long}/edit")]
    [Authorize(Policy = Permissions.PostGroupNeedsPolicy)]
    public async Task<IActionResult> UpdateNeed(long id, [Bind(Prefix = "Form")] NeedForm form, CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User);
        var view = await matching.GetNeedAsync(viewer, id, ct);
        if (view is null || !MatchingAccess.CanEdit(view.Organisation, viewer))
        {
            return NotFoundPage();
        }

        form.Id = id;
        if (KeepTyped())
        {
            try
            {
                await matching.UpdateNeedAsync(viewer, id, form.ToDetails(), form.Version, ct);
                ShowStatus("The need is saved.");
                return Redirect($"/partners/needs/{id}");
            }
            catch (MatchingRuleException ex)
            {
                AddError(ex.Message);
            }
        }

        return Again("NeedForm", new NeedFormPage { Organisation = view.Organisation, Form = form, Today = PortalCultures.Today(clock) });
    }

    [HttpPost("/partners/needs/{id:long}/close")]
    [Authorize(Policy = Permissions.PostGroupNeedsPolicy)]
    public async Task<IActionResult> CloseNeed(long id, int? version, CancellationToken ct)
    {
        try
        {
            await matching.CloseNeedAsync(await access.ViewerAsync(User), id, version, ct);
            ShowStatus("The need is closed. Partners will no longer see it.");
        }
        catch (MatchingNotFoundException)
        {
            return NotFoundPage();
        }
        catch (MatchingRuleException ex)
        {
            ShowError(ex.Message);
        }

        return Redirect($"/partners/needs/{id}");
    }

    /// <summary>The group passes on a suggested partner, with a reason.</summary>
    [HttpPost("/partners/needs/{id:long}/pass")]
    public async Task<IActionResult> GroupPass(long id, long partnerId, string? reason, CancellationToken ct)
    {
        try
        {
            await matching.PassAsync(await access.ViewerAsync(User), id, partnerId, PassSide.Group, reason, ct);
            ShowStatus("Noted. This partner will not be suggested for this need again.");
        }
        catch (MatchingNotFoundException)
        {
            return NotFoundPage();
        }
        catch (MatchingRuleException ex)
        {
            ShowError(ex.Message);
        }

        return Redirect($"/partners/needs/{id}#suggestions");
    }

    /// <summary>A partner passes on a suggested need ("not for me"), with a reason.</summary>
    [HttpPost("/partners/needs/{id:long}/not-for-me")]
    [Authorize(Policy = Permissions.OfferPartnerHelpPolicy)]
    public async Task<IActionResult> PartnerPass(long id, string? reason, string? returnTo, CancellationToken ct)
    {
        var partner = await access.PartnerOfAsync(UserId, ct);
        if (partner is null)
        {
            return NotFoundPage();
        }

        try
        {
            await matching.PassAsync(await access.ViewerAsync(User), id, partner.Id, PassSide.Partner, reason, ct);
            ShowStatus("Noted. We will suggest other needs to you.");
        }
        catch (MatchingNotFoundException)
        {
            return NotFoundPage();
        }
        catch (MatchingRuleException ex)
        {
            ShowError(ex.Message);
            return Redirect(returnTo == "need" ? $"/partners/needs/{id}" : "/partners/suggestions");
        }

        return Redirect("/partners/suggestions");
    }

    /// <summary>A partner offers help with a need.</summary>
    [HttpPost("/partners/needs/{id:long}/interest")]
    [Authorize(Policy = Permissions.OfferPartnerHelpPolicy)]
    [EnableRateLimiting(RateLimitPolicies.Posting)]
    public async Task<IActionResult> Interest(long id, string? message, CancellationToken ct)
    {
        try
        {
            var match = await matching.ExpressInterestAsync(await access.ViewerAsync(User), id, message, ct);
            ShowStatus("Thank you. The group has been told and will answer within 5 working days.");
            return Redirect($"/partners/matches/{match.Id}");
        }
        catch (MatchingNotFoundException)
        {
            return NotFoundPage();
        }
        catch (MatchingRuleException ex)
        {
            AddError(ex.Message);
            var page = await NeedPageAsync(id, new SuggestionFilter(), ct);
            if (page is null)
            {
                return NotFoundPage();
            }

            page.Message = message;
            return Again("Need", page);
        }
    }

    // ---------- Partner profile and suggestions ----------

    [HttpGet("/partners/profile")]
    [Authorize(Policy = Permissions.OfferPartnerHelpPolicy)]
    public async Task<IActionResult> Profile(CancellationToken ct)
    {
        var partner = await access.PartnerOfAsync(UserId, ct);
        if (partner is not null)
        {
            return View(PartnerForm.From(partner));
        }

        var person = await directory.FindAsync(UserId, ct);
        return View(new PartnerForm { DisplayName = person?.DisplayName, ContactEmail = person?.Email, Languages = ["yue"] });
    }

    [HttpPost("/partners/profile")]
    [Authorize(Policy = Permissions.OfferPartnerHelpPolicy)]
    public async Task<IActionResult> SaveProfile(PartnerForm form, CancellationToken ct)
    {
        if (KeepTyped())
        {
            try
            {
                await matching.SavePartnerAsync(await access.ViewerAsync(User), form.ToDetails(), form.Available, form.Version, ct);
                ShowStatus("Your partner profile is saved. Here are needs that suit you.");
                return Redirect("/partners/suggestions");
            }
            catch (MatchingRuleException ex)
            {
                AddError(ex.Message);
            }
        }

        form.Registered = await access.PartnerOfAsync(UserId, ct) is not null;
        return Again("Profile", form);
    }

    [HttpGet("/partners/suggestions")]
    [Authorize(Policy = Permissions.OfferPartnerHelpPolicy)]
    public async Task<IActionResult> Suggestions(string? kind, string? district, bool remote, int? min, CancellationToken ct)
    {
        var partner = await access.PartnerOfAsync(UserId, ct);
        var filter = new SuggestionFilter
        {
            Area = Vocabulary.Contains(Vocabulary.Areas, kind) ? kind : null,
            District = Vocabulary.Contains(Vocabulary.Districts, district) ? district : null,
            RemoteOnly = remote,
            MinScore = Math.Clamp(min ?? 0, 0, 100),
        };
        return View(new SuggestionsPage
        {
            Partner = partner,
            Filter = filter,
            Suggestions = partner is null ? [] : await matching.SuggestNeedsAsync(partner, filter, ct),
        });
    }

    // ---------- Matches ----------

    [HttpGet("/partners/matches/{id:long}")]
    public async Task<IActionResult> Match(long id, CancellationToken ct)
    {
        var page = await MatchPageAsync(id, ct);
        if (page is null)
        {
            return NotFoundPage();
        }

        // Staff outside the match see both sides' contacts (audit trail).
        var viewer = await access.ViewerAsync(User);
        if (page.Details.Match.ContactsVisible && MatchingAccess.RoleIn(page.Details.Match, page.Details.Organisation, viewer) == MatchRole.Staff)
        {
            await audit.RecordAsync(new Portal.Privacy.PersonalDataAccess(
                viewer.UserId, [page.Details.Organisation.LeaderUserId, page.Details.Match.PartnerUserId], AuditedAreas.PartnerContacts,
                Portal.Privacy.PersonalDataAction.Viewed, null, "match " + id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ct);
        }

        return View(page);
    }

    [HttpPost("/partners/matches/{id:long}/answer")]
    public Task<IActionResult> Answer(long id, bool accept, string? reason, int? version, CancellationToken ct) =>
        Act(id, v => matching.AnswerAsync(v, id, accept, reason, version, ct),
            accept ? "You said yes. The partner's contacts are below, and staff will introduce you by e-mail." : "You declined the offer. The partner has been told kindly.",
            p => p.Reason = reason, "answer", ct);

    [HttpPost("/partners/matches/{id:long}/start")]
    public Task<IActionResult> Start(long id, int? version, CancellationToken ct) =>
        Act(id, v => matching.StartAsync(v, id, version, ct), "Wonderful: the match is now active.", null, "start", ct);

    [HttpPost("/partners/matches/{id:long}/feedback")]
    public Task<IActionResult> Feedback(long id, string? outcome, int? rating, int? hours, int? version, CancellationToken ct)
    {
        if (!KeepTyped())
        {
            return Rerender(id, p => { p.Outcome = outcome; p.Rating = rating; p.Hours = hours; p.FormWithErrors = "feedback"; }, ct);
        }

        return Act(id, v => matching.FeedbackAsync(v, id, outcome, rating, hours, version, ct), "Thank you for your feedback.",
            p => { p.Outcome = outcome; p.Rating = rating; p.Hours = hours; }, "feedback", ct);
    }

    [HttpPost("/partners/matches/{id:long}/withdraw")]
    public Task<IActionResult> Withdraw(long id, string? reason, int? version, CancellationToken ct) =>
        Act(id, v => matching.WithdrawAsync(v, id, reason, version, ct), "The match is withdrawn. Thank you for letting everyone know.",
            p => p.Reason = reason, "withdraw", ct);

    private async Task<IActionResult> Act(long id, Func<Viewer, Task> action, string status, Action<MatchPage>? keep, string form, CancellationToken ct)
    {
        try
        {
            await action(await access.ViewerAsync(User));
            ShowStatus(status);
            return Redirect($"/partners/matches/{id}");
        }
        catch (MatchingNotFoundException)
        {
            return NotFoundPage();
        }
        catch (MatchingRuleException ex)
        {
            AddError(ex.Message);
            return await Rerender(id, p => { keep?.Invoke(p); p.FormWithErrors = form; }, ct);
        }
    }

    private async Task<IActionResult> Rerender(long id, Action<MatchPage> keep, CancellationToken ct)
    {
        // A fresh read: after a lost race the page shows where the match stands now.
        db.ChangeTracker.Clear();
        var page = await MatchPageAsync(id, ct);
        if (page is null)
        {
            return NotFoundPage();
        }

        keep(page);
        return Again("Match", page);
    }

    private async Task<MatchPage?> MatchPageAsync(long id, CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User);
        var details = await matching.GetMatchAsync(viewer, id, ct);
        if (details is null)
        {
            return null;
        }

        var ids = new[] { details.Organisation.LeaderUserId, details.Match.PartnerUserId }.Where(x => x.Length > 0).ToList();
        var names = await directory.NamesAsync(ids, ct);
        return new MatchPage { Details = details, Names = names, Now = clock.GetUtcNow() };
    }
}
