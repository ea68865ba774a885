using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Caching;
using Portal.Mentoring.Data;
using Portal.Mentoring.Models;
using Portal.Mentoring.Resources;
using Portal.People;
using Portal.Privacy;

namespace Portal.Mentoring.Services;

/// <summary>
/// The scheme's part of a person's export and erasure. Export: their applications, their pairs (with the other
/// person's display name only), the pairs' goals, meetings (shared notes) and action items, and their OWN private
/// notes; never anyone else's private notes. Erasure, in one transaction: applications are deleted; private notes
/// the person wrote are deleted; as a mentee, their pairs are kept for the mentor but anonymised (no user id, no
/// request message, no ratings or fit answer), so a mentor's log is not silently lost; as a mentor, the mentor id
/// is removed from their pairs (the mentee keeps their record).
/// </summary>
internal sealed class MentoringPersonalData(MentoringDbContext db, IPersonDirectory directory, IStringLocalizer<MentoringStrings> t, PersonCache<MentorStatus> mentors) : IPersonalDataProvider
{
    public string Section => "mentoring";

    public string Title => t["Mentor scheme"];

    public async Task<PersonalDataSection> ExportAsync(string userId, CancellationToken cancellationToken = default)
    {
        var applications = await db.Applications.AsNoTracking().Where(a => a.UserId == userId).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var pairs = await db.Pairs.AsNoTracking().Where(p => p.MentorUserId == userId || (p.MenteeUserId == userId && !p.MenteeErased)).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var ids = pairs.Select(p => p.Id).ToList();
        var goals = await db.Goals.AsNoTracking().Where(g => ids.Contains(g.PairId)).OrderBy(g => g.Id).ToListAsync(cancellationToken);
        var meetings = await db.Meetings.AsNoTracking().Where(m => ids.Contains(m.PairId)).OrderBy(m => m.HeldUtc).ToListAsync(cancellationToken);
        var actions = await db.ActionItems.AsNoTracking().Where(a => ids.Contains(a.PairId)).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var notes = await db.PrivateNotes.AsNoTracking().Where(n => n.AuthorUserId == userId).OrderBy(n => n.Id).ToListAsync(cancellationToken);
        var others = pairs.SelectMany(p => new[] { p.MentorUserId, p.MenteeUserId }).Where(id => id.Length > 0 && id != userId).Distinct().ToList();
        var names = await directory.NamesAsync(others, cancellationToken);

        return new PersonalDataSection(Section, Title,
        [
            new("applications", t["Applications"], [.. applications.Select(a => PersonalDataRow.Of(
                ("role", a.Role.ToString()), ("status", a.Status.ToString()), ("organisation", a.Organisation), ("areas", a.Areas),
                ("languages", a.Languages), ("districts", a.Districts), ("availability", a.Availability), ("capacity", a.Capacity),
                ("about", a.About), ("preferences", a.Preferences), ("appliedUtc", a.AppliedUtc), ("decidedUtc", a.DecidedUtc),
                ("decisionReason", a.DecisionReason)))]),
            new("pairs", t["Pairs"], [.. pairs.Select(p => PersonalDataRow.Of(
                ("pair", p.Id), ("myRole", p.MentorUserId == userId ? "mentor" : "mentee"),
                ("otherPerson", names.GetValueOrDefault(p.MentorUserId == userId ? p.MenteeUserId : p.MentorUserId) ?? (p.MenteeErased ? "(deleted account)" : "")),
                ("status", p.Status.ToString()), ("createdUtc", p.CreatedUtc), ("startedUtc", p.StartedUtc), ("endedUtc", p.EndedUtc),
                ("endReason", p.EndReason), ("requestMessage", p.RequestMessage),
                ("myFitAnswer", p.MentorUserId == userId ? p.MentorFit : p.MenteeFit)))]),
            new("goals", t["Goals"], [.. goals.Select(g => PersonalDataRow.Of(
                ("pair", g.PairId), ("title", g.Title), ("specific", g.Specific), ("measure", g.Measure), ("relevance", g.Relevance),
                ("targetDate", g.TargetDate), ("status", g.Status.ToString()), ("progress", g.Progress)))]),
            new("meetings", t["Meetings"], [.. meetings.Select(m => PersonalDataRow.Of(
                ("pair", m.PairId), ("heldUtc", m.HeldUtc), ("minutes", m.Minutes), ("mode", m.Mode.ToString()), ("topics", m.Topics),
                ("sharedNotes", m.SharedNotes), ("confirmedUtc", m.ConfirmedUtc), ("rating", m.Rating)))]),
            new("actionItems", t["Action items"], [.. actions.Select(a => PersonalDataRow.Of(
                ("pair", a.PairId), ("text", a.Text), ("owner", a.Owner.ToString()), ("dueOn", a.DueOn), ("doneUtc", a.DoneUtc)))]),
            new("privateNotes", t["My private notes"], [.. notes.Select(n => PersonalDataRow.Of(
                ("meeting", n.MeetingId), ("writtenUtc", n.WrittenUtc), ("text", n.Text)))]),
        ]);
    }

    public async Task<PersonalDataErasure> EraseAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return PersonalDataErasure.None;
        }

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await db.Applications.Where(a => a.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        deleted += await db.PrivateNotes.Where(n => n.AuthorUserId == userId).ExecuteDeleteAsync(cancellationToken);
        var asMentee = await db.Pairs.Where(p => p.MenteeUserId == userId).ToListAsync(cancellationToken);
        var menteePairIds = asMentee.Select(p => p.Id).ToList();
        foreach (var pair in asMentee)
        {
            pair.EraseMentee();
        }

        var asMentor = await db.Pairs.Where(p => p.MentorUserId == userId).ToListAsync(cancellationToken);
        foreach (var pair in asMentor)
        {
            pair.EraseMentor();
        }

        var meetings = await db.Meetings.Where(m => menteePairIds.Contains(m.PairId) && m.Rating != null).ToListAsync(cancellationToken);
        foreach (var meeting in meetings)
        {
            meeting.ForgetMenteeAnswers();
        }

        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        if (asMentor.Count > 0)
        {
            await mentors.ForgetEveryoneAsync(cancellationToken);
        }

        return new PersonalDataErasure(deleted, asMentee.Count + asMentor.Count);
    }
}
