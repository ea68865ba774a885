using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Portal.Caching;
using Portal.Mentoring.Data;
using Portal.Mentoring.Models;
using Portal.Security;

namespace Portal.Mentoring.Services;

/// <summary>Who is asking: their user id and whether they are scheme staff (the ManageMentoring permission).</summary>
public sealed record Viewer(string UserId, bool IsStaff);

public enum PairRole
{
    None = 0,
    Mentor = 1,
    Mentee = 2,
    Staff = 3,
}

/// <summary>
/// The module's one object-level authorisation service, used by pages, downloads, exports and notifications:
/// a mentee sees only their own pairs, a mentor only their mentees, staff every pair. Private notes are read
/// only through <see cref="PrivateNotesOf"/>, which filters by author, so no role (staff included) can read
/// another person's private note.
/// </summary>
public sealed class MentoringAccess(MentoringDbContext db, IAuthorizationService authorization, PersonCache<MentorStatus> mentors)
{
    public async Task<Viewer> ViewerAsync(ClaimsPrincipal user)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var staff = userId.Length > 0 && await authorization.AuthorizeAsync(user, Permissions.ManageMentoring);
        return new Viewer(userId, staff);
    }

    /// <summary>The viewer's role in the pair: their own side first (a staff member who mentors acts as mentor).</summary>
    public static PairRole RoleIn(Pair pair, Viewer viewer) => pair.SideOf(viewer.UserId) switch
    {
        PairSide.Mentor => PairRole.Mentor,
        PairSide.Mentee => PairRole.Mentee,
        _ => viewer.IsStaff ? PairRole.Staff : PairRole.None,
    };

    /// <summary>The pair if the viewer may see it; null otherwise (pages answer 404, so ids reveal nothing).</summary>
    public async Task<Pair?> FindPairAsync(long pairId, Viewer viewer, bool track, CancellationToken ct)
    {
        if (viewer.UserId.Length == 0)
        {
            return null;
        }

        var query = track ? db.Pairs : db.Pairs.AsNoTracking();
        var pair = await query.FirstOrDefaultAsync(p => p.Id == pairId, ct);
        return pair is not null && RoleIn(pair, viewer) != PairRole.None ? pair : null;
    }

    /// <summary>Pairs a viewer may see, as a query (for lists and exports).</summary>
    public IQueryable<Pair> VisiblePairs(Viewer viewer) =>
        viewer.IsStaff ? db.Pairs.AsNoTracking()
        : db.Pairs.AsNoTracking().Where(p => p.MentorUserId == viewer.UserId || (p.MenteeUserId == viewer.UserId && !p.MenteeErased));

    /// <summary>The only way to read private notes: the author's own, nobody else's.</summary>
    public IQueryable<PrivateNote> PrivateNotesOf(Viewer viewer) =>
        db.PrivateNotes.AsNoTracking().Where(n => viewer.UserId != "" && n.AuthorUserId == viewer.UserId);

    public static bool CanLogMeetings(Pair pair, Viewer viewer) => RoleIn(pair, viewer) == PairRole.Mentor && pair.Status == PairStatus.Active;

    public static bool CanConfirmMeetings(Pair pair, Viewer viewer) => RoleIn(pair, viewer) == PairRole.Mentee;

    public static bool CanEditGoals(Pair pair, Viewer viewer) =>
        RoleIn(pair, viewer) is PairRole.Mentor or PairRole.Mentee && pair.Status is PairStatus.Active or PairStatus.Proposed;

    public static bool CanEnd(Pair pair, Viewer viewer) => RoleIn(pair, viewer) != PairRole.None && pair.IsOpen;

    /// <summary>Mentors with at least one pair (for the "My mentees" link; cached per person, see <see cref="MentorStatus"/>).</summary>
    public Task<bool> IsMentorAsync(string userId, CancellationToken ct) => MentorStatus.IsMentorAsync(mentors, db, userId, ct);
}
