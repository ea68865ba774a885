using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Learning;
using Portal.Mentoring.Data;
using Portal.Mentoring.Models;
using Portal.People;

namespace Portal.Mentoring.Services;

public sealed record MenteeCard(
    Pair Pair,
    string MenteeName,
    IReadOnlyList<Goal> Goals,
    DateTimeOffset? LastMeetingUtc,
    IReadOnlyList<ActionItem> OpenActions,
    bool Stalled,
    int DaysSinceActivity,
    IReadOnlyList<CourseProgressSummary>? Learning);

public sealed record MentorDashboardView(IReadOnlyList<MenteeCard> Mentees, IReadOnlyList<MenteeCard> Requests, int StallAfterDays);

/// <summary>
/// The "My mentees" page: one fixed set of queries for all of a mentor's mentees (pairs, goals, last meetings,
/// open actions, names), never a query per mentee. Academy progress comes through one
/// <see cref="ILearningProgressQuery.GetProgressManyAsync"/> call for all active mentees, which answers only with each
/// mentee's consent (null: "not shared").
/// </summary>
public sealed class MentorDashboard(
    MentoringDbContext db,
    TimeProvider clock,
    IOptions<MentoringOptions> options,
    IPersonDirectory directory,
    IServiceProvider services)
{
    public async Task<MentorDashboardView> GetAsync(string mentorUserId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var days = options.Value.StallAfterDays;
        var pairs = await db.Pairs.AsNoTracking()
            .Where(p => p.MentorUserId == mentorUserId && (p.Status == PairStatus.Requested || p.Status == PairStatus.Proposed || p.Status == PairStatus.Active))
            .OrderBy(p => p.Status).ThenBy(p => p.CreatedUtc)
            .ToListAsync(ct);
        if (pairs.Count == 0)
        {
            return new MentorDashboardView([], [], days);
        }

        var ids = pairs.Select(p => p.Id).ToList();
        var goals = (await db.Goals.AsNoTracking().Where(g => ids.Contains(g.PairId)).OrderBy(g => g.Id).ToListAsync(ct))
            .ToLookup(g => g.PairId);
        var lastMeetings = await db.Meetings.AsNoTracking().Where(m => ids.Contains(m.PairId))
            .GroupBy(m => m.PairId).Select(g => new { g.Key, Last = g.Max(m => m.HeldUtc) })
            .ToDictionaryAsync(x => x.Key, x => x.Last, ct);
        var actions = (await db.ActionItems.AsNoTracking().Where(a => ids.Contains(a.PairId) && a.DoneUtc == null)
            .OrderBy(a => a.DueOn).ThenBy(a => a.Id).ToListAsync(ct)).ToLookup(a => a.PairId);
        var people = (await directory.FindManyAsync([.. pairs.Select(p => p.MenteeUserId).Where(id => id.Length > 0).Distinct()], ct))
            .ToDictionary(p => p.UserId);
        var learning = services.GetService(typeof(ILearningProgressQuery)) as ILearningProgressQuery;
        var sharing = pairs.Where(p => p.Status == PairStatus.Active && !p.MenteeErased).Select(p => p.MenteeUserId).Distinct().ToList();
        var progressOf = learning is null || sharing.Count == 0
            ? new Dictionary<string, IReadOnlyList<CourseProgressSummary>?>()
            : await learning.GetProgressManyAsync(sharing, mentorUserId, ct);

        var cards = new List<MenteeCard>();
        foreach (var pair in pairs)
        {
            var progress = pair.Status == PairStatus.Active && !pair.MenteeErased ? progressOf.GetValueOrDefault(pair.MenteeUserId) : null;
            cards.Add(new MenteeCard(pair,
                people.GetValueOrDefault(pair.MenteeUserId)?.DisplayName ?? "",
                [.. goals[pair.Id]],
                lastMeetings.TryGetValue(pair.Id, out var last) ? last : null,
                [.. actions[pair.Id]],
                pair.IsStalled(now, days),
                (int)Math.Floor((now - pair.LastActivityUtc).TotalDays),
                progress));
        }

        return new MentorDashboardView(
            [.. cards.Where(c => c.Pair.Status != PairStatus.Requested)],
            [.. cards.Where(c => c.Pair.Status == PairStatus.Requested)],
            days);
    }
}
