using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Portal.Matching.Data;
using Portal.Matching.Models;
using Portal.Security;

namespace Portal.Matching.Services;

/// <summary>Who is asking: their user id and whether they are scheme staff (the ManagePartners permission).</summary>
public sealed record Viewer(string UserId, bool IsStaff)
{
    public bool SignedIn => UserId.Length > 0;
}

public enum MatchRole
{
    None = 0,
    Group = 1,
    Partner = 2,
    Staff = 3,
}

/// <summary>
/// The module's one object-level authorisation service, used by pages, exports, search and notifications: a group
/// leader sees and changes their own organisation, its needs and its matches; a partner their own profile and
/// matches; staff everything. Contacts of either side are released only through <see cref="CanSeeContacts"/>.
/// </summary>
public sealed class MatchingAccess(MatchingDbContext db, IAuthorizationService authorization)
{
    public async Task<Viewer> ViewerAsync(ClaimsPrincipal user)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var staff = userId.Length > 0 && await authorization.AuthorizeAsync(user, Permissions.ManagePartners);
        return new Viewer(userId, staff);
    }

    public Task<Organisation?> OrganisationOfAsync(string userId, CancellationToken ct) =>
        userId.Length == 0 ? Task.FromResult<Organisation?>(null) : OrganisationLedBy.RunAsync(db, userId, ct);

    public Task<Partner?> PartnerOfAsync(string userId, CancellationToken ct) =>
        userId.Length == 0 ? Task.FromResult<Partner?>(null) : PartnerBy.RunAsync(db, userId, ct);

    // Asked on every signed-in visit to /partners (compiled: see Portal.Data.CompiledQuery).
    private static readonly Portal.Data.CompiledQuery<MatchingDbContext, string, Organisation?> OrganisationLedBy =
        new((db, userId, ct) => db.Organisations.AsNoTracking().OrderBy(o => o.Id).FirstOrDefault(o => o.LeaderUserId == userId));

    private static readonly Portal.Data.CompiledQuery<MatchingDbContext, string, Partner?> PartnerBy =
        new((db, userId, ct) => db.Partners.AsNoTracking().FirstOrDefault(p => p.UserId == userId));

    public static bool CanEdit(Organisation organisation, Viewer viewer) =>
        viewer.SignedIn && (organisation.LeaderUserId == viewer.UserId || viewer.IsStaff);

    /// <summary>The viewer's side of a match: their own side first (a staff member who is the partner acts as partner).</summary>
    public static MatchRole RoleIn(Match match, Organisation organisation, Viewer viewer) =>
        !viewer.SignedIn ? MatchRole.None
        : match.PartnerUserId == viewer.UserId ? MatchRole.Partner
        : organisation.LeaderUserId == viewer.UserId ? MatchRole.Group
        : viewer.IsStaff ? MatchRole.Staff
        : MatchRole.None;

    public static MatchSide SideOf(MatchRole role) => role switch
    {
        MatchRole.Group => MatchSide.Group,
        MatchRole.Partner => MatchSide.Partner,
        _ => MatchSide.None,
    };

    /// <summary>Contacts show to the two sides once both said yes, and always to staff (who introduce them).</summary>
    public static bool CanSeeContacts(Match match, MatchRole role) =>
        role == MatchRole.Staff || (role is MatchRole.Group or MatchRole.Partner && match.ContactsVisible);
}
