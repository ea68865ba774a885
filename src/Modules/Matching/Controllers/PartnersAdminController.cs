using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Globalization;
using Portal.Matching.Data;
using Portal.Matching.Models;
using Portal.Matching.Resources;
using Portal.Matching.Services;
using Portal.Matching.ViewModels;

namespace Portal.Matching.Controllers;

/// <summary>Staff pages: the network, every match (CSV), introductions and brokering a match by hand.</summary>
[Area("Matching")]
[Authorize(Policy = Permissions.ManagePartnersPolicy)]
public sealed class PartnersAdminController(
    MatchingAdminService admin,
    MatchingService matching,
    MatchingAccess access,
    MatchingDbContext db,
    TimeProvider clock,
    IStringLocalizer<MatchingStrings> t) : MatchingControllerBase(t)
{
    [HttpGet("/admin/partners")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(new NetworkPage { Report = await admin.NetworkAsync(ct), ThisYear = PortalCultures.Today(clock).Year });

    [HttpGet("/admin/partners/matches")]
    public async Task<IActionResult> Matches(MatchStatus? stage, CancellationToken ct) =>
        View(new AdminMatchesPage { Rows = await admin.MatchesAsync(stage is { } s && Enum.IsDefined(s) ? s : null, ct), Stage = stage });

    [HttpGet("/admin/partners/matches.csv")]
    public async Task<IActionResult> MatchesCsv(CancellationToken ct) =>
        File(await admin.MatchesCsvAsync(key => T[key].Value, PortalCultures.IsEnglish, ct), "text/csv; charset=utf-8", "partner-matches.csv");

    [HttpPost("/admin/partners/matches/{id:long}/introduce")]
    public async Task<IActionResult> Introduce(long id, int? version, CancellationToken ct)
    {
        try
        {
            await admin.IntroduceAsync(await access.ViewerAsync(User), id, version, ct);
            ShowStatus("Both sides have been introduced by e-mail.");
        }
        catch (MatchingNotFoundException)
        {
            return NotFoundPage();
        }
        catch (MatchingRuleException ex)
        {
            ShowError(ex.Message);
        }

        return Redirect($"/partners/matches/{id}");
    }

    [HttpGet("/admin/partners/broker")]
    public async Task<IActionResult> Broker(long? needId, CancellationToken ct)
    {
        var needs = await admin.OpenNeedsAsync(ct);
        var orgIds = needs.Select(n => n.OrganisationId).Distinct().ToList();
        var organisations = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        NeedView? view = null;
        IReadOnlyList<PartnerSuggestion> suggestions = [];
        if (needId is { } id)
        {
            view = await matching.GetNeedAsync(await access.ViewerAsync(User), id, ct);
            if (view is not null)
            {
                suggestions = await matching.SuggestPartnersAsync(view.Need, view.Organisation, new SuggestionFilter(), ct);
            }
        }

        return View(new BrokerPage { Needs = needs, Organisations = organisations, Need = view, Suggestions = suggestions, Partners = view is null ? [] : await admin.PartnersAsync(ct) });
    }

    [HttpPost("/admin/partners/broker")]
    public async Task<IActionResult> BrokerMatch(long needId, long partnerId, CancellationToken ct)
    {
        try
        {
            var match = await admin.BrokerAsync(await access.ViewerAsync(User), needId, partnerId, ct);
            ShowStatus("The match is made. The group has been asked to answer within 5 working days.");
            return Redirect($"/partners/matches/{match.Id}");
        }
        catch (MatchingNotFoundException)
        {
            return NotFoundPage();
        }
        catch (MatchingRuleException ex)
        {
            ShowError(ex.Message);
            return Redirect($"/admin/partners/broker?needId={needId}");
        }
    }
}
