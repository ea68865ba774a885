using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Portal.Caching;
using Portal.Mentoring.Data;

namespace Portal.Mentoring.Services;

/// <summary>
/// Whether a person mentors at least one pair (the "My mentees" link in the user menu, on every signed-in page),
/// cached per person (<see cref="PersonCache{T}"/>, channel <see cref="Channel"/>). A pair is proposed, re-paired or a
/// mentor erased: every answer is forgotten on every node (pairs change rarely, and one change touches two mentors).
/// An answer lives at most <see cref="Lifetime"/> (what no call announces, e.g. a pair written by hand in the database).
/// </summary>
[ImmutableObject(true)]
public sealed class MentorStatus
{
    public const string Channel = "mentoring.mentors";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private static readonly MentorStatus Mentor = new(true);
    private static readonly MentorStatus NotMentor = new(false);

    private MentorStatus(bool isMentor) => IsMentor = isMentor;

    public bool IsMentor { get; }

    /// <summary>Read with <paramref name="db"/> when not cached.</summary>
    internal static async Task<bool> IsMentorAsync(PersonCache<MentorStatus> cache, MentoringDbContext db, string userId, CancellationToken cancellationToken)
    {
        var status = await cache.GetOrCreateAsync(userId, (db, userId), static async (state, ct) =>
            await state.db.Pairs.AsNoTracking().AnyAsync(p => p.MentorUserId == state.userId, ct) ? Mentor : NotMentor, cancellationToken);
        return status.IsMentor;
    }
}
