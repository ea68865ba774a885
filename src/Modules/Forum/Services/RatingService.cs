using Microsoft.EntityFrameworkCore;
using Portal.Forum.Data;
using Portal.Forum.Models;

namespace Portal.Forum.Services;

public sealed record RatingInput(string Condition, string Treatment, TreatmentKind Kind, int Effectiveness, int SideEffects, int Burden, RatingDuration Duration, bool StillUsing, StopReason WhyStopped);

/// <summary>Aggregated ratings of one treatment for one condition. Below <see cref="TreatmentRating.MinimumShown"/>
/// ratings only the name and the count are known to the page ("not enough ratings yet").</summary>
public sealed record TreatmentSummary(
    string Name,
    TreatmentKind Kind,
    int Count,
    bool Enough,
    decimal AverageEffectiveness,
    IReadOnlyList<int> EffectivenessCounts,
    IReadOnlyList<int> SideEffectCounts,
    decimal AverageBurden,
    int StillUsing,
    IReadOnlyDictionary<StopReason, int> StopReasons);

/// <summary>Treatment, therapy and coping ratings: members rate, and read only aggregates of at least five.</summary>
public sealed class RatingService(ForumDbContext db, TimeProvider clock)
{
    public async Task<TreatmentRating> RateAsync(ForumViewer viewer, RatingInput input, CancellationToken ct)
    {
        if (!viewer.SignedIn)
        {
            throw new ForumRuleException("Sign in to rate.");
        }

        var now = clock.GetUtcNow();
        var key = TreatmentRating.KeyOf(input.Treatment);
        var rating = await db.Ratings.FirstOrDefaultAsync(r => r.UserId == viewer.UserId && r.Condition == input.Condition && r.Key == key, ct);
        if (rating is null)
        {
            rating = TreatmentRating.Rate(viewer.UserId, input.Condition, input.Treatment, now);
            db.Ratings.Add(rating);
        }

        rating.Score(input.Kind, input.Effectiveness, input.SideEffects, input.Burden, input.Duration, input.StillUsing, input.WhyStopped, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // the same rating sent twice at once: the first one stands
        }

        return rating;
    }

    public Task<List<TreatmentRating>> MineAsync(string userId, CancellationToken ct) =>
        db.Ratings.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.Condition).ThenBy(r => r.Treatment).ToListAsync(ct);

    /// <summary>Every treatment rated for a condition, most-rated first. Only summaries with enough ratings carry figures.</summary>
    public async Task<IReadOnlyList<TreatmentSummary>> SummaryAsync(string condition, CancellationToken ct)
    {
        var ratings = await db.Ratings.AsNoTracking().Where(r => r.Condition == condition)
            .Select(r => new RatingRow(r.Key, r.Treatment, r.Kind, r.Effectiveness, r.SideEffects, r.Burden, r.StillUsing, r.WhyStopped))
            .ToListAsync(ct);
        return Summarise(ratings);
    }

    internal sealed record RatingRow(string Key, string Treatment, TreatmentKind Kind, int Effectiveness, int SideEffects, int Burden, bool StillUsing, StopReason WhyStopped);

    internal static IReadOnlyList<TreatmentSummary> Summarise(IEnumerable<RatingRow> ratings) =>
    [
        .. ratings.GroupBy(r => r.Key).Select(g =>
        {
            var list = g.ToList();
            var name = list.GroupBy(r => r.Treatment).OrderByDescending(n => n.Count()).ThenBy(n => n.Key, StringComparer.Ordinal).First().Key;
            var kind = list.GroupBy(r => r.Kind).OrderByDescending(k => k.Count()).ThenBy(k => k.Key).First().Key;
            var enough = list.Count >= TreatmentRating.MinimumShown;
            return enough
                ? new TreatmentSummary(
                    name, kind, list.Count, true,
                    Math.Round((decimal)list.Average(r => r.Effectiveness), 1),
                    [.. Enumerable.Range(1, 5).Select(v => list.Count(r => r.Effectiveness == v))],
                    [.. Enumerable.Range(0, 4).Select(v => list.Count(r => r.SideEffects == v))],
                    Math.Round((decimal)list.Average(r => r.Burden), 1),
                    list.Count(r => r.StillUsing),
                    list.Where(r => !r.StillUsing).GroupBy(r => r.WhyStopped).ToDictionary(s => s.Key, s => s.Count()))
                : new TreatmentSummary(name, kind, list.Count, false, 0, [], [], 0, 0, new Dictionary<StopReason, int>());
        }).OrderByDescending(s => s.Enough).ThenByDescending(s => s.Count).ThenBy(s => s.Name, StringComparer.Ordinal),
    ];
}
