using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Forum.Data;
using Portal.Forum.Models;
using Portal.Notifications;
using Portal.People;

namespace Portal.Forum.Services;

public sealed record ProfileInput(
    string DisplayName,
    IReadOnlyList<(string Condition, int? SinceYear)> Conditions,
    FieldVisibility ConditionsVisibility,
    string? AgeBand,
    FieldVisibility AgeBandVisibility,
    string? District,
    FieldVisibility DistrictVisibility,
    string? CaringRole,
    FieldVisibility CaringRoleVisibility,
    bool Findable,
    ErasureChoice OnErasure,
    bool RatingsInStatistics = false);

/// <summary>A profile as one viewer may see it: fields they may not see are null.</summary>
public sealed record ProfileView(
    string PublicId,
    string DisplayName,
    IReadOnlyList<MemberCondition>? Conditions,
    string? AgeBand,
    string? District,
    string? CaringRole,
    bool IsMe,
    MemberStanding Standing);

public sealed record LikeMeMatch(ProfileView Profile, IReadOnlyList<string> SharedConditions, bool SimilarAge, bool SameDistrict, bool RequestPending);

/// <summary>Member profiles (each field shown by its owner's choice), "members like me" and contact requests.</summary>
public sealed class PeopleService(
    ForumDbContext db,
    ForumAccess access,
    TimeProvider clock,
    IOptions<ForumOptions> options,
    INotificationPublisher publisher,
    IPersonDirectory directory)
{
    public async Task<MemberProfile> SaveProfileAsync(ForumViewer viewer, ProfileInput input, CancellationToken ct)
    {
        if (!viewer.SignedIn)
        {
            throw new ForumRuleException("Sign in to keep a profile.");
        }

        // The form sent twice at once (a double click): the other save may have created the profile or replaced its
        // conditions first; this one then saves over it, so the later choice stands.
        var saved = await db.OnceMoreIfRacedAsync(() => SaveProfileOnceAsync(viewer, input, ct), ct);
        await access.ForgetMembershipsAsync(viewer.UserId, ct);
        return saved;
    }

    private async Task<MemberProfile> SaveProfileOnceAsync(ForumViewer viewer, ProfileInput input, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var profile = await db.Profiles.FirstOrDefaultAsync(p => p.UserId == viewer.UserId, ct);
        if (profile is null)
        {
            profile = MemberProfile.Create(viewer.UserId, input.DisplayName, now);
            db.Profiles.Add(profile);
        }
        else
        {
            profile.Rename(input.DisplayName);
        }

        profile.Update(input.Conditions, input.ConditionsVisibility, Blank(input.AgeBand), input.AgeBandVisibility, Blank(input.District), input.DistrictVisibility,
            Blank(input.CaringRole), input.CaringRoleVisibility, input.Findable, input.OnErasure, Globalization.PortalCultures.Today(clock).Year);
        profile.ShareRatingsForStatistics(input.RatingsInStatistics);
        await db.SaveChangesAsync(ct);
        return profile;
    }

    /// <summary>A profile as the viewer may see it, or null.</summary>
    public async Task<ProfileView?> ViewAsync(string publicId, ForumViewer viewer, CancellationToken ct)
    {
        var profile = await db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.PublicId == publicId, ct);
        if (profile is null || !viewer.SignedIn)
        {
            return null;
        }

        var shares = await access.SharesCommunityAsync(profile.UserId, viewer, ct);
        return View(profile, viewer, shares);
    }

    internal static ProfileView View(MemberProfile profile, ForumViewer viewer, bool sharesCommunity)
    {
        bool See(FieldVisibility v) => ForumAccess.CanSeeField(v, profile, viewer, sharesCommunity);
        return new ProfileView(
            profile.PublicId,
            profile.DisplayName,
            See(profile.ConditionsVisibility) ? profile.Conditions : null,
            See(profile.AgeBandVisibility) ? profile.AgeBand : null,
            See(profile.DistrictVisibility) ? profile.District : null,
            See(profile.CaringRoleVisibility) ? profile.CaringRole : null,
            profile.UserId == viewer.UserId,
            profile.Standing);
    }

    /// <summary>
    /// Findable members who share at least one of the viewer's conditions, ranked by shared conditions, similar age
    /// band (same or next) and same district. A match is made only on what the other chose to show the viewer, so
    /// a field kept private never decides who appears.
    /// </summary>
    public async Task<IReadOnlyList<LikeMeMatch>> LikeMeAsync(ForumViewer viewer, CancellationToken ct)
    {
        var me = await db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == viewer.UserId, ct);
        if (me is null || me.Conditions.Count == 0)
        {
            return [];
        }

        var conditions = me.Conditions.Select(c => c.Condition).ToList();
        var candidates = await db.Profiles.AsNoTracking()
            .Where(p => p.Findable && p.UserId != viewer.UserId && p.Standing == MemberStanding.Active && p.Conditions.Any(c => conditions.Contains(c.Condition)))
            .Take(500).ToListAsync(ct);
        var ids = candidates.Select(c => c.UserId).ToList();
        var mine = viewer.Communities.ToList();
        var sharing = (await db.Memberships.AsNoTracking().Where(m => ids.Contains(m.UserId) && mine.Contains(m.CommunityId)).Select(m => m.UserId).Distinct().ToListAsync(ct)).ToHashSet();
        var pending = (await db.ContactRequests.AsNoTracking().Where(r => r.FromUserId == viewer.UserId && ids.Contains(r.ToUserId) && r.Status == ContactStatus.Pending).Select(r => r.ToUserId).ToListAsync(ct)).ToHashSet();
        var myAge = Vocabulary.AgeIndex(me.AgeBand);
        var matches = new List<(LikeMeMatch Match, int Score)>();
        foreach (var candidate in candidates)
        {
            var view = View(candidate, viewer, sharing.Contains(candidate.UserId));
            var shared = view.Conditions?.Select(c => c.Condition).Where(conditions.Contains).ToList() ?? [];
            if (shared.Count == 0)
            {
                continue; // their conditions are not shown to this viewer: they are not matched on them
            }

            var age = Vocabulary.AgeIndex(view.AgeBand);
            var similarAge = myAge >= 0 && age >= 0 && Math.Abs(myAge - age) <= 1;
            var sameDistrict = me.District is not null && view.District == me.District;
            matches.Add((new LikeMeMatch(view, shared, similarAge, sameDistrict, pending.Contains(candidate.UserId)), shared.Count * 4 + (similarAge ? 2 : 0) + (sameDistrict ? 1 : 0)));
        }

        return [.. matches.OrderByDescending(m => m.Score).ThenBy(m => m.Match.Profile.DisplayName, StringComparer.Ordinal).Take(30).Select(m => m.Match)];
    }

    /// <summary>Sends a contact request to a findable member (a few a day; one open request per person).</summary>
    public async Task SendContactAsync(ForumViewer viewer, string publicId, string? message, CancellationToken ct)
    {
        var me = await db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == viewer.UserId, ct)
            ?? throw new ForumRuleException("Join a community first: you choose the name others see when you join.");
        if (!me.MayPost(clock.GetUtcNow()))
        {
            throw new ForumRuleException("A moderator has paused your posting for a while. You can still read the community.");
        }

        var other = await db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.PublicId == publicId && p.Findable, ct) ?? throw new ForumNotFoundException();
        var now = clock.GetUtcNow();
        if (await db.ContactRequests.AnyAsync(r => r.FromUserId == viewer.UserId && r.ToUserId == other.UserId && r.Status != ContactStatus.Accepted && r.CreatedUtc > now.AddDays(-30), ct))
        {
            throw new ForumRuleException("You have already asked this member recently. Give them time: they may answer later, or prefer not to.");
        }

        var since = now.AddDays(-1);
        if (await db.ContactRequests.CountAsync(r => r.FromUserId == viewer.UserId && r.CreatedUtc > since, ct) >= Math.Max(1, options.Value.ContactRequestsPerDay))
        {
            throw new ForumRuleException("You have sent as many requests as you can today. Please try again tomorrow.");
        }

        var request = ContactRequest.Send(viewer.UserId, other.UserId, message, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ContactRequests.Add(request);
        await db.SaveChangesAsync(ct);
        await NotifyAsync(ForumNotifications.ContactRequest, other.UserId, me.DisplayName, "forum-contact:" + request.Id, tx, ct);
        await tx.CommitAsync(ct);
    }

    public async Task<(List<(ContactRequest Request, string Name)> Received, List<(ContactRequest Request, string Name)> Sent)> ContactsAsync(ForumViewer viewer, CancellationToken ct)
    {
        var received = await db.ContactRequests.AsNoTracking().Where(r => r.ToUserId == viewer.UserId && r.Status != ContactStatus.Ignored).OrderByDescending(r => r.CreatedUtc).Take(100).ToListAsync(ct);
        var sent = await db.ContactRequests.AsNoTracking().Where(r => r.FromUserId == viewer.UserId).OrderByDescending(r => r.CreatedUtc).Take(100).ToListAsync(ct);
        var ids = received.Select(r => r.FromUserId).Concat(sent.Select(r => r.ToUserId)).Distinct().ToList();
        var names = await db.Profiles.AsNoTracking().Where(p => ids.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, p => p.DisplayName, ct);
        return ([.. received.Select(r => (r, names.GetValueOrDefault(r.FromUserId, "—")))], [.. sent.Select(r => (r, names.GetValueOrDefault(r.ToUserId, "—")))]);
    }

    public async Task AnswerContactAsync(ForumViewer viewer, long requestId, bool accept, string? reply, CancellationToken ct)
    {
        var request = await db.ContactRequests.FirstOrDefaultAsync(r => r.Id == requestId && r.ToUserId == viewer.UserId, ct) ?? throw new ForumNotFoundException();
        request.Answer(accept, reply, clock.GetUtcNow());
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (accept)
        {
            var me = await db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == viewer.UserId, ct);
            await NotifyAsync(ForumNotifications.ContactAccepted, request.FromUserId, me?.DisplayName ?? "", "forum-contact-accepted:" + request.Id, tx, ct);
        }

        await tx.CommitAsync(ct);
    }

    private async Task NotifyAsync(string kind, string recipient, string author, string key, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, CancellationToken ct)
    {
        var person = await directory.FindAsync(recipient, ct);
        if (person is null)
        {
            return;
        }

        const string url = "/community/contacts";
        var data = new Dictionary<string, string> { ["name"] = person.DisplayName, ["author"] = author, ["url"] = url };
        await publisher.PublishAsync(new NotificationRequest(kind, recipient, data, key) { Url = url }, Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(tx), ct);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
