using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Matching.Data;
using Portal.Matching.Models;
using Portal.Matching.Resources;
using Portal.Privacy;

namespace Portal.Matching.Services;

/// <summary>
/// The scheme's part of a person's export and erasure. Export: their partner profile (with their own contact
/// details), the groups they keep (profile, contacts they typed, self-assessments), the needs they posted, their
/// matches (the other side named, never the other side's contacts) and the suggestions they passed on, with reasons.
/// Erasure, in one transaction: the partner profile is deleted; their matches stay for the group's record (and the
/// network's hours) without the user id, message or their feedback text; a group they kept stays (it is the
/// group's) without their id and the contacts they typed; their passes and assessments lose their name.
/// </summary>
internal sealed class MatchingPersonalData(MatchingDbContext db, IStringLocalizer<MatchingStrings> t) : IPersonalDataProvider
{
    public string Section => "partners";

    public string Title => t["Partner matching"];

    public async Task<PersonalDataSection> ExportAsync(string userId, CancellationToken cancellationToken = default)
    {
        var partner = await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken);
        var organisations = await db.Organisations.AsNoTracking().Where(o => o.LeaderUserId == userId).OrderBy(o => o.Id).ToListAsync(cancellationToken);
        var orgIds = organisations.Select(o => o.Id).ToList();
        var assessments = await db.Assessments.AsNoTracking().Where(a => orgIds.Contains(a.OrganisationId) || a.AssessedByUserId == userId).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var needs = await db.Needs.AsNoTracking().Where(n => orgIds.Contains(n.OrganisationId) || n.CreatedByUserId == userId).OrderBy(n => n.Id).ToListAsync(cancellationToken);
        var matches = await db.Matches.AsNoTracking().Where(m => m.PartnerUserId == userId || orgIds.Contains(m.OrganisationId)).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var passes = await db.Passes.AsNoTracking().Where(p => p.ByUserId == userId).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var needTitles = await db.Needs.AsNoTracking().Where(n => matches.Select(m => m.NeedId).Contains(n.Id) || passes.Select(p => p.NeedId).Contains(n.Id))
            .ToDictionaryAsync(n => n.Id, n => n.Title, cancellationToken);
        var partnerNames = await db.Partners.AsNoTracking().Where(p => matches.Select(m => m.PartnerId).Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DisplayName, cancellationToken);
        var groupIds = matches.Select(m => m.OrganisationId).Distinct().ToList();
        var groupNames = await db.Organisations.AsNoTracking().Where(o => groupIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.NameZh.Length > 0 ? o.NameZh : o.NameEn, cancellationToken);

        return new PersonalDataSection(Section, Title,
        [
            new("partnerProfile", t["My partner profile"], partner is null ? [] : [PersonalDataRow.Of(
                ("type", partner.Type), ("name", partner.DisplayName), ("about", partner.About), ("skills", partner.Skills),
                ("districts", partner.Districts), ("languages", partner.Languages), ("causes", partner.Causes),
                ("hoursPerMonth", partner.HoursPerMonth), ("onSite", partner.OnSite), ("remote", partner.Remote), ("available", partner.Available),
                ("contactName", partner.ContactName), ("contactEmail", partner.ContactEmail), ("contactPhone", partner.ContactPhone),
                ("createdUtc", partner.CreatedUtc), ("updatedUtc", partner.UpdatedUtc))]),
            new("groups", t["Groups I keep"], [.. organisations.Select(o => PersonalDataRow.Of(
                ("nameZh", o.NameZh), ("nameEn", o.NameEn), ("conditions", o.Conditions), ("district", o.District), ("size", o.Size),
                ("yearFounded", o.YearFounded), ("committee", o.Committee), ("contactName", o.ContactName), ("contactEmail", o.ContactEmail),
                ("contactPhone", o.ContactPhone), ("updatedUtc", o.UpdatedUtc)))]),
            new("assessments", t["Capacity self-assessments"], [.. assessments.Select(a => PersonalDataRow.Of(
                ("assessedUtc", a.AssessedUtc), ("governance", a.Governance), ("finance", a.Finance), ("volunteers", a.Volunteers),
                ("succession", a.Succession), ("online", a.Online)))]),
            new("needs", t["Needs"], [.. needs.Select(n => PersonalDataRow.Of(
                ("title", n.Title), ("area", n.Area), ("description", n.Description), ("hoursPerMonth", n.HoursPerMonth), ("months", n.Months),
                ("deadline", n.Deadline), ("mode", n.Mode.ToString()), ("language", n.Language), ("status", n.Status.ToString()), ("createdUtc", n.CreatedUtc)))]),
            new("matches", t["Matches"], [.. matches.Select(m => PersonalDataRow.Of(
                ("match", m.Id), ("myRole", m.PartnerUserId == userId ? "partner" : "group"), ("need", needTitles.GetValueOrDefault(m.NeedId)),
                ("group", groupNames.GetValueOrDefault(m.OrganisationId)), ("partner", partnerNames.GetValueOrDefault(m.PartnerId)),
                ("status", m.Status.ToString()), ("message", m.PartnerUserId == userId ? m.Message : null), ("offeredUtc", m.CreatedUtc),
                ("answeredUtc", m.AnsweredUtc), ("introducedUtc", m.IntroducedUtc), ("completedUtc", m.CompletedUtc),
                ("myFeedback", m.PartnerUserId == userId ? m.PartnerFeedback : m.GroupFeedback),
                ("myRating", m.PartnerUserId == userId ? m.PartnerRating : m.GroupRating),
                ("myHours", m.PartnerUserId == userId ? m.PartnerHours : m.GroupHours)))]),
            new("passes", t["Suggestions I passed on"], [.. passes.Select(p => PersonalDataRow.Of(
                ("need", needTitles.GetValueOrDefault(p.NeedId)), ("side", p.Side.ToString()), ("reason", p.Reason), ("createdUtc", p.CreatedUtc)))]),
        ]);
    }

    public async Task<PersonalDataErasure> EraseAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return PersonalDataErasure.None;
        }

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = 0;
        var anonymised = 0;
        foreach (var match in await db.Matches.Where(m => m.PartnerUserId == userId || m.AnsweredByUserId == userId).ToListAsync(cancellationToken))
        {
            if (match.PartnerUserId == userId)
            {
                match.ErasePartner();
            }

            match.EraseGroupPerson(userId);
            anonymised++;
        }

        foreach (var organisation in await db.Organisations.Where(o => o.LeaderUserId == userId).ToListAsync(cancellationToken))
        {
            organisation.EraseLeader();
            anonymised++;
        }

        foreach (var need in await db.Needs.Where(n => n.CreatedByUserId == userId).ToListAsync(cancellationToken))
        {
            need.EraseAuthor();
        }

        foreach (var pass in await db.Passes.Where(p => p.ByUserId == userId).ToListAsync(cancellationToken))
        {
            pass.EraseAuthor();
        }

        foreach (var assessment in await db.Assessments.Where(a => a.AssessedByUserId == userId).ToListAsync(cancellationToken))
        {
            assessment.EraseAssessor();
        }

        await db.SaveChangesAsync(cancellationToken);
        deleted += await db.Partners.Where(p => p.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new PersonalDataErasure(deleted, anonymised);
    }
}
