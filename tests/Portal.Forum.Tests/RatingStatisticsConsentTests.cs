using Portal.Forum.Models;
using Portal.Forum.Services;
using Portal.Metrics;

namespace Portal.Forum.Tests;

/// <summary>Issue 18: treatment ratings count in statistics (the impact dashboard's figures) only for members who opted
/// in on their profile; the choice is off by default, exported with the profile, and the members' ratings page is
/// unchanged.</summary>
public sealed class RatingStatisticsConsentTests
{
    [Fact]
    public async Task Ratings_count_in_statistics_only_for_members_who_opted_in()
    {
        await using var site = new ForumSite();
        var agrees = await site.MemberAsync("alice", site.Pain);
        var silent = await site.MemberAsync("bob", site.Pain);
        await using (var scope = site.Scope())
        {
            var people = site.Get<PeopleService>(scope);
            await people.SaveProfileAsync(agrees, new ProfileInput("Alice", [("chronic-pain", 2010)], FieldVisibility.OnlyMe, null, FieldVisibility.OnlyMe,
                null, FieldVisibility.OnlyMe, null, FieldVisibility.OnlyMe, false, ErasureChoice.RemovePosts, RatingsInStatistics: true), default);
            var bob = await people.SaveProfileAsync(silent, new ProfileInput("Bob", [("chronic-pain", 2010)], FieldVisibility.OnlyMe, null, FieldVisibility.OnlyMe,
                null, FieldVisibility.OnlyMe, null, FieldVisibility.OnlyMe, false, ErasureChoice.RemovePosts), default);
            Assert.False(bob.RatingsInStatistics); // off by default

            var ratings = site.Get<RatingService>(scope);
            foreach (var viewer in new[] { agrees, silent })
            {
                await ratings.RateAsync(viewer, new RatingInput("chronic-pain", "Tai chi", TreatmentKind.Coping, 4, 0, 2, RatingDuration.OneToSixMonths, true, StopReason.None), default);
            }
        }

        await using var read = site.Scope();
        var metrics = await site.Get<IEnumerable<IMetricsSource>>(read).Single().GetMetricsAsync(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));
        Assert.Equal(1, metrics.Single(m => m.Key == "forum.ratings").Value);
        Assert.Equal(1, metrics.Single(m => m.Key == "forum.active-members").Value);

        var export = await site.Get<IEnumerable<Portal.Privacy.IPersonalDataProvider>>(read).Single().ExportAsync(agrees.UserId);
        Assert.Contains(export.Tables.SelectMany(t => t.Rows).SelectMany(r => r.Fields), f => f.Name == "ratingsInStatistics" && f.Value == "true");
    }
}
