using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Learning;
using Portal.Mentoring.Data;
using Portal.Mentoring.Models;
using Portal.Mentoring.Services;
using Portal.Notifications;
using Portal.People;

namespace Portal.Mentoring.Tests;

/// <summary>A fresh in-memory SQLite database per test, with fake people, clock and notification outbox.</summary>
internal sealed class MentoringSite : ModuleTestSite<MentoringDbContext>
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    public MentoringSite(Dictionary<string, string?>? settings = null, ICertificateIssuer? issuer = null)
        : base(Start, settings)
    {
        Build(services =>
        {
            services.AddSingleton<INotificationPublisher>(Notifications);
            services.AddSingleton<IPersonDirectory>(People);
            services.AddSingleton<ILearningProgressQuery>(Learning);
            if (issuer is not null)
            {
                services.AddSingleton(issuer);
            }

            services.AddMentoringServices(Configuration);
        });
    }

    public RecordingNotificationPublisher Notifications { get; } = new();

    /// <summary>mentor-1, mentor-2 (English), mentee-1 to mentee-3 (Chinese) and staff-1.</summary>
    public InMemoryPersonDirectory People { get; } = new(
        from id in new[] { "mentor-1", "mentor-2", "mentee-1", "mentee-2", "mentee-3", "staff-1" }
        select new PersonInfo(id, id, "Name of " + id, id + "@example.org", true, id.StartsWith("mentor", StringComparison.Ordinal) ? "en" : "zh-HK",
            id == "staff-1" ? ["Staff"] : ["Member"]));
    public FakeLearning Learning { get; } = new();

    public static Viewer As(string userId, bool staff = false) => new(userId, staff);

    /// <summary>Approves a mentor and a mentee (different organisations) and makes them an active pair.</summary>
    public async Task<long> ActivePairAsync(string mentor = "mentor-1", string mentee = "mentee-1")
    {
        await ApproveAsync(mentor, ApplicationRole.Mentor, "Org A", ["succession", "meetings"]);
        await ApproveAsync(mentee, ApplicationRole.Mentee, "Org " + mentee, ["succession"]);
        await using var scope = Scope();
        var admin = scope.ServiceProvider.GetRequiredService<MentoringAdminService>();
        var db = scope.ServiceProvider.GetRequiredService<MentoringDbContext>();
        var application = await db.Applications.SingleAsync(a => a.UserId == mentee && a.Role == ApplicationRole.Mentee);
        var pair = await admin.ConfirmPairAsync("staff-1", application.Id, mentor, false, default);
        var service = scope.ServiceProvider.GetRequiredService<MentoringService>();
        await service.AcceptAgreementAsync(As(mentor), pair.Id, pair.Version, default);
        var fresh = await db.Pairs.AsNoTracking().SingleAsync(p => p.Id == pair.Id);
        await service.AcceptAgreementAsync(As(mentee), pair.Id, fresh.Version, default);
        return pair.Id;
    }

    public async Task ApproveAsync(string userId, ApplicationRole role, string organisation, List<string> areas, int capacity = 3)
    {
        await using var scope = Scope();
        var service = scope.ServiceProvider.GetRequiredService<MentoringService>();
        var application = await service.ApplyAsync(userId, role, new ApplicationDetails
        {
            Organisation = organisation, Areas = areas, Languages = ["yue"], Districts = ["kowloon"], Availability = ["weekend"], Capacity = capacity,
        }, null, default);
        if (application.Status == ApplicationStatus.Pending)
        {
            var admin = scope.ServiceProvider.GetRequiredService<MentoringAdminService>();
            await admin.DecideAsync("staff-1", application.Id, true, null, application.Version, default);
        }
    }
}

internal sealed class FakeLearning : ILearningProgressQuery
{
    public HashSet<string> Sharing { get; } = [];
    public int Calls;
    public int BatchCalls;

    public Task<IReadOnlyDictionary<string, IReadOnlyList<CourseProgressSummary>?>> GetProgressManyAsync(IReadOnlyCollection<string> learnerUserIds, string viewerUserId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref BatchCalls);
        return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<CourseProgressSummary>?>>(learnerUserIds.Distinct().ToDictionary(id => id, id => Progress(id)));
    }

    public Task<IReadOnlyList<CourseProgressSummary>?> GetProgressAsync(string learnerUserId, string viewerUserId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Calls);
        return Task.FromResult(Progress(learnerUserId));
    }

    private IReadOnlyList<CourseProgressSummary>? Progress(string learnerUserId) => Sharing.Contains(learnerUserId)
        ? [new CourseProgressSummary("leadership-succession", "Leadership succession", 40, false, null, null)]
        : null;
}
