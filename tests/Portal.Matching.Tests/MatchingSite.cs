using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Matching.Data;
using Portal.Matching.Models;
using Portal.Matching.Services;
using Portal.Notifications;
using Portal.People;
using Portal.Search;

namespace Portal.Matching.Tests;

/// <summary>A fresh in-memory SQLite database per test, with fake people, a fake clock, a recording outbox and a
/// recording indexing queue.</summary>
internal sealed class MatchingSite : ModuleTestSite<MatchingDbContext>
{
    /// <summary>Thursday 2 April 2026, 10:00 in Hong Kong: Easter and Ching Ming follow.</summary>
    public static readonly DateTimeOffset Start = new(2026, 4, 2, 2, 0, 0, TimeSpan.Zero);

    public MatchingSite()
        : base(Start)
    {
        Build(services =>
        {
            services.AddSingleton<INotificationPublisher>(Notifications);
            services.AddSingleton<IIndexingQueue>(Indexing);
            services.AddSingleton<IPersonDirectory>(People);
            services.AddMatchingServices(Configuration);
        });
    }

    public RecordingNotificationPublisher Notifications { get; } = new();
    public RecordingIndexingQueue Indexing { get; } = new();
    public InMemoryPersonDirectory People { get; } = new(
        new PersonInfo("leader-1", "leader", "Leader Wong", "leader@example.org", true, "zh-HK", ["GroupLeader"]),
        new PersonInfo("partner-1", "partner", "Ada", "ada.account@example.org", true, "en", ["Partner"]),
        new PersonInfo("staff-1", "staff", "Staff Lee", "staff@example.org", true, "zh-HK", ["Staff"]));

    public static Viewer As(string userId, bool staff = false) => new(userId, staff);

    /// <summary>A group (leader-1) with an open accounts need, and a partner (partner-1) who offered to help.</summary>
    public async Task<(long NeedId, long MatchId)> OfferAsync()
    {
        await using var scope = Scope();
        var service = scope.ServiceProvider.GetRequiredService<MatchingService>();
        var organisation = await service.SaveOrganisationAsync(As("leader-1"), null, new OrganisationDetails
        {
            NameZh = "中風互助會", NameEn = "Stroke Mutual Aid", District = "kwun-tong", Conditions = ["stroke"],
            ContactEmail = "group@example.org", ContactPhone = "2345 0000",
        }, null, default);
        var need = await service.PostNeedAsync(As("leader-1"), organisation.Id, new NeedDetails
        {
            Area = "accounts", Title = "Yearly accounts", Description = "Close the books.", HoursPerMonth = 4, Months = 2,
            Deadline = new DateOnly(2026, 6, 30), Mode = WorkMode.Either, Language = "yue",
        }, default);
        await service.SavePartnerAsync(As("partner-1"), new PartnerDetails
        {
            Type = "professional-volunteer", DisplayName = "Ada", Skills = ["accounts"], Languages = ["yue"], Districts = ["kwun-tong"],
            HoursPerMonth = 6, OnSite = true, Remote = true, ContactEmail = "ada@example.org", ContactPhone = "9000 0000",
        }, true, null, default);
        var match = await service.ExpressInterestAsync(As("partner-1"), need.Id, "Happy to help", default);
        return (need.Id, match.Id);
    }
}
