using Microsoft.Extensions.DependencyInjection;
using Portal.Impact.Models;
using Portal.Impact.Services;

namespace Portal.Impact.Tests;

public sealed class TargetTests
{
    [Fact]
    public void Validation_names_each_problem()
    {
        var problems = ImpactTarget.Validate("Bad Key!", null, "kilos", " ");
        Assert.Equal(["MetricKey", "Goal", "Unit", "Plan"], problems.Select(p => p.Field));
        Assert.Contains(ImpactTarget.Validate("academy.completions", 120, TargetUnits.Percent, "Plan"), p => p.Field == "Goal");
        Assert.Empty(ImpactTarget.Validate("partners.companies", 13, TargetUnits.Count, "2025–2030"));
    }

    [Fact]
    public async Task Every_change_is_kept_with_who_when_old_and_new()
    {
        await using var site = new ImpactSite();
        await using (var scope = site.Scope())
        {
            var targets = scope.ServiceProvider.GetRequiredService<ImpactTargetsService>();
            Assert.True(await targets.SetTargetAsync("partners.companies", 10, TargetUnits.Count, "Plan A", "user-1"));
            site.Clock.Advance(TimeSpan.FromDays(1));
            Assert.True(await targets.SetTargetAsync("partners.companies", 13, TargetUnits.Count, "Plan B", "user-2"));
            Assert.False(await targets.SetTargetAsync("partners.companies", 13, TargetUnits.Count, "Plan B", "user-2"));
            site.Clock.Advance(TimeSpan.FromDays(1));
            Assert.True(await targets.RemoveTargetAsync("partners.companies", "user-3"));
        }

        await using (var scope = site.Scope())
        {
            var targets = scope.ServiceProvider.GetRequiredService<ImpactTargetsService>();
            Assert.Empty(await targets.GetTargetsAsync());
            var history = await targets.GetHistoryAsync("partners.companies");
            Assert.Equal(3, history.Count);
            var (removed, changed, created) = (history[0], history[1], history[2]);
            Assert.Equal(("user-3", 13m, (decimal?)null), (removed.ByUserId, removed.OldGoal!.Value, removed.NewGoal));
            Assert.Equal(("user-2", 10m, 13m, "Plan A", "Plan B"), (changed.ByUserId, changed.OldGoal!.Value, changed.NewGoal!.Value, changed.OldPlan, changed.NewPlan));
            Assert.Equal(("user-1", (decimal?)null, 10m), (created.ByUserId, created.OldGoal, created.NewGoal!.Value));
            Assert.True(removed.ChangedUtc > changed.ChangedUtc && changed.ChangedUtc > created.ChangedUtc);
        }
    }

    [Fact]
    public async Task Invalid_targets_are_refused_by_the_entity()
    {
        await using var site = new ImpactSite();
        await using var scope = site.Scope();
        var targets = scope.ServiceProvider.GetRequiredService<ImpactTargetsService>();
        await Assert.ThrowsAsync<ImpactRuleException>(() => targets.SetTargetAsync("x", -1, TargetUnits.Count, "Plan", "u"));
    }

    [Fact]
    public async Task Two_requests_at_once_publishing_hiding_setting_or_removing_the_same_thing_both_succeed()
    {
        // Two scopes are the two requests of a double click: the second reads and saves while the first is saving.
        await using var site = new ImpactSite();
        async Task BothAsync(Func<ImpactTargetsService, Task> act)
        {
            await using var first = site.Scope();
            await using var second = site.Scope();
            await site.Race.RunAsync(() => act(first.ServiceProvider.GetRequiredService<ImpactTargetsService>()),
                () => act(second.ServiceProvider.GetRequiredService<ImpactTargetsService>()));
        }

        await BothAsync(t => t.SetPublishedAsync("mentoring.pairs", true, "u"));
        await BothAsync(t => t.SetTargetAsync("partners.companies", 10, TargetUnits.Count, "Plan", "u"));
        await using (var scope = site.Scope())
        {
            var targets = scope.ServiceProvider.GetRequiredService<ImpactTargetsService>();
            Assert.Equal(["mentoring.pairs"], await targets.GetPublishedKeysAsync());
            Assert.Equal(10m, Assert.Single(await targets.GetTargetsAsync()).Goal);
        }

        await BothAsync(t => t.SetPublishedAsync("mentoring.pairs", false, "u"));
        await BothAsync(t => t.RemoveTargetAsync("partners.companies", "u"));
        await using (var scope = site.Scope())
        {
            var targets = scope.ServiceProvider.GetRequiredService<ImpactTargetsService>();
            Assert.Empty(await targets.GetPublishedKeysAsync());
            Assert.Empty(await targets.GetTargetsAsync());
            Assert.Single(await targets.GetHistoryAsync("partners.companies"), c => c.NewGoal is null);
        }
    }
}
