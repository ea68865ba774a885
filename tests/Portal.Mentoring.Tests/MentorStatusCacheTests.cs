using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Mentoring.Data;
using Portal.Mentoring.Services;
using Portal.Privacy;

namespace Portal.Mentoring.Tests;

/// <summary>"Is this person a mentor" (the user menu's "My mentees", on every signed-in page) is cached per person
/// and dropped on every node when pairs change.</summary>
public sealed class MentorStatusCacheTests
{
    private static async Task<bool> IsMentorAsync(MentoringSite site, string userId)
    {
        await using var scope = site.Scope();
        return await scope.ServiceProvider.GetRequiredService<MentoringAccess>().IsMentorAsync(userId, CancellationToken.None);
    }

    [Fact]
    public async Task The_answer_is_read_once_per_person_and_then_served_from_the_cache()
    {
        await using var site = new MentoringSite();
        Assert.False(await IsMentorAsync(site, "mentor-1"));
        var before = site.Commands.Count;

        Assert.False(await IsMentorAsync(site, "mentor-1"));
        Assert.Equal(before, site.Commands.Count);

        Assert.False(await IsMentorAsync(site, "someone-else"));
        Assert.Equal(before + 1, site.Commands.Count);
    }

    [Fact]
    public async Task A_new_pair_makes_its_mentor_a_mentor_at_once_and_tells_every_node()
    {
        await using var site = new MentoringSite();
        Assert.False(await IsMentorAsync(site, "mentor-1"));

        await site.ActivePairAsync("mentor-1", "mentee-1");

        Assert.True(await IsMentorAsync(site, "mentor-1"));
        Assert.False(await IsMentorAsync(site, "mentee-1"));
        Assert.Contains(MentorStatus.Channel, site.Signal.Published);
    }

    [Fact]
    public async Task Erasing_the_mentor_ends_it_at_once()
    {
        await using var site = new MentoringSite();
        await site.ActivePairAsync("mentor-1", "mentee-1");
        Assert.True(await IsMentorAsync(site, "mentor-1"));

        await using (var scope = site.Scope())
        {
            var provider = scope.ServiceProvider.GetServices<IPersonalDataProvider>().Single(p => p.Section == "mentoring");
            await provider.EraseAsync("mentor-1");
        }

        Assert.False(await IsMentorAsync(site, "mentor-1"));
    }

    [Fact]
    public async Task Another_nodes_signal_drops_every_answer()
    {
        await using var site = new MentoringSite();
        await site.ActivePairAsync("mentor-1", "mentee-1");
        Assert.True(await IsMentorAsync(site, "mentor-1"));
        Assert.False(await IsMentorAsync(site, "mentor-2"));
        await using (var scope = site.Scope())
        {
            // A pair written by another node: this node's answer stands until the signal arrives.
            var db = scope.ServiceProvider.GetRequiredService<MentoringDbContext>();
            await db.Pairs.Where(p => p.MentorUserId == "mentor-1").ExecuteUpdateAsync(s => s.SetProperty(p => p.MentorUserId, "mentor-2"));
        }

        Assert.True(await IsMentorAsync(site, "mentor-1"));
        Assert.False(await IsMentorAsync(site, "mentor-2"));

        await site.Signal.PublishAsync(MentorStatus.Channel);

        Assert.False(await IsMentorAsync(site, "mentor-1"));
        Assert.True(await IsMentorAsync(site, "mentor-2"));
    }
}
