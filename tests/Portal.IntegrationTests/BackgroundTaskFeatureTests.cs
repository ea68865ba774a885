using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.BackgroundTasks;
using Portal.Hosting.Data;
using Portal.Hosting.Modules;
using Portal.Hosting.Recipes;
using Portal.IntegrationTests.Infrastructure;
using Portal.Modules;

namespace Portal.IntegrationTests;

/// <summary>
/// A feature switched off on a running site stops its background tasks, on this node and on another node sharing the
/// database (the feature cache is invalidated there through the cluster signal): an idle learner gets no Academy
/// reminder while Academy is off, even when the nudge task is asked to run, and gets it once Academy is on again.
/// </summary>
public abstract class BackgroundTaskFeatureTests<TSite>
    where TSite : PortalSite, new()
{
    private const string NudgeTask = "academy.nudges";
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Academy_nudges_stop_while_academy_is_off_and_resume_when_it_is_on_again()
    {
        using var site = new TSite();
        using (var warmUp = site.CreateBrowser())
        {
            Assert.Equal(HttpStatusCode.OK, (await warmUp.GetAsync("/health")).StatusCode);
        }

        // The run at start-up (nobody idle then) is over and recorded before anything is counted.
        await EventuallyAsync(async () => await RunCountAsync(site) > 0);
        var userId = await PrepareIdleLearnerAsync(site, "member");
        var features = site.Services.GetRequiredService<FeatureManager>();

        await features.SetEnabledAsync(["Academy"], enabled: false);
        var runsBefore = await RunCountAsync(site);
        site.Services.GetRequiredService<IBackgroundTaskTrigger>().Trigger(NudgeTask);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(0, await NudgeCountAsync(site, userId));
        Assert.Equal(runsBefore, await RunCountAsync(site));

        await features.SetEnabledAsync(["Academy"], enabled: true);
        site.Services.GetRequiredService<IBackgroundTaskTrigger>().Trigger(NudgeTask);
        await EventuallyAsync(async () => await NudgeCountAsync(site, userId) == 1);
    }

    [Fact]
    public async Task Academy_nudges_stop_when_academy_is_switched_off_on_another_node()
    {
        using var nodeA = new TSite();
        using (var warmUp = nodeA.CreateBrowser())
        {
            Assert.Equal(HttpStatusCode.OK, (await warmUp.GetAsync("/health")).StatusCode);
        }

        using var nodeB = new SameDatabaseNode(nodeA);
        using (var warmUp = nodeB.CreateBrowser())
        {
            Assert.Equal(HttpStatusCode.OK, (await warmUp.GetAsync("/health")).StatusCode);
        }

        // Both nodes had their turn at start (nobody was idle then; one of them may have skipped it because the other
        // held the single-node lease); the next turn is hours away.
        await EventuallyAsync(() => Task.FromResult(FirstTurnIsOver(nodeA) && FirstTurnIsOver(nodeB)));
        var userId = await PrepareIdleLearnerAsync(nodeA, "leader");
        var checkerA = nodeA.Services.GetRequiredService<IFeatureChecker>();
        Assert.True(checkerA.IsEnabled("Academy"));

        // Switched off on node B: node A hears of it within about a second and does not run the task.
        await nodeB.Services.GetRequiredService<FeatureManager>().SetEnabledAsync(["Academy"], enabled: false);
        await EventuallyAsync(() => Task.FromResult(!checkerA.IsEnabled("Academy")), Propagation);
        var runsBefore = await RunCountAsync(nodeA);
        nodeA.Services.GetRequiredService<IBackgroundTaskTrigger>().Trigger(NudgeTask);
        nodeB.Services.GetRequiredService<IBackgroundTaskTrigger>().Trigger(NudgeTask);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(0, await NudgeCountAsync(nodeA, userId));
        Assert.Equal(runsBefore, await RunCountAsync(nodeA));

        // Switched on again on node B: node A runs it.
        await nodeB.Services.GetRequiredService<FeatureManager>().SetEnabledAsync(["Academy"], enabled: true);
        await EventuallyAsync(() => Task.FromResult(checkerA.IsEnabled("Academy")), Propagation);
        nodeA.Services.GetRequiredService<IBackgroundTaskTrigger>().Trigger(NudgeTask);
        await EventuallyAsync(async () => await NudgeCountAsync(nodeA, userId) == 1);
        // (Which node ran it is not asserted: node B's trigger from while Academy was off may still be due, and the
        // single-node lease lets whichever node comes first run it; the learner is nudged once either way.)
    }

    /// <summary>A course, the person enrolled through the site, and their last activity moved 30 days back.</summary>
    private static async Task<string> PrepareIdleLearnerAsync(PortalSite site, string userName)
    {
        await site.Services.GetRequiredService<RecipeExecutor>().ExecuteAsync(Path.Combine(AppContext.BaseDirectory, "recipes", "academy-nudge.recipe.json"));
        using var client = await site.SignInAsync(userName);
        var page = await HtmlForms.GetAsync(client, "/academy/courses/nudge-test");
        using var enrolled = await HtmlForms.SubmitAsync(client, HtmlForms.FindForm(page, "/enrol"), _ => { });
        Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);

        using var scope = site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        var userId = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
        var month = TimeSpan.FromDays(30).Ticks;
        Assert.Equal(1, await db.Database.ExecuteSqlAsync(
            $"UPDATE \"acad_Enrolments\" SET \"LastActivityUtc\" = \"LastActivityUtc\" - {month}, \"EnrolledUtc\" = \"EnrolledUtc\" - {month} WHERE \"UserId\" = {userId}"));
        return userId;
    }

    private static async Task<int> NudgeCountAsync(PortalSite site, string userId)
    {
        using var scope = site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        return await db.Database.SqlQuery<int>(
            $"SELECT COUNT(*) AS \"Value\" FROM \"ntf_InAppNotifications\" WHERE \"Kind\" = 'academy.nudge' AND \"UserId\" = {userId}").SingleAsync();
    }

    /// <summary>The node's start-up turn of the task has ended (run, or skipped for another node's lease).</summary>
    private static bool FirstTurnIsOver(PortalSite site)
    {
        var state = site.Services.GetRequiredService<Portal.Hosting.BackgroundTasks.BackgroundTaskRunner>().StateOf(NudgeTask);
        return !state.Running && state.NextRunUtc > DateTimeOffset.UtcNow.AddMinutes(1);
    }

    private static async Task<int> RunCountAsync(PortalSite site, string? node = null)
    {
        using var scope = site.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<HostDbContext>().BackgroundTaskRuns
            .CountAsync(r => r.TaskName == NudgeTask && (node == null || r.Node == node));
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true in time.");
            await Task.Delay(100);
        }
    }
}

public sealed class SqliteBackgroundTaskFeatureTests : BackgroundTaskFeatureTests<PortalSite>;

public sealed class PostgresBackgroundTaskFeatureTests : BackgroundTaskFeatureTests<PostgresPortalSite>;
