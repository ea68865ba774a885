using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.BackgroundTasks;
using Portal.Hosting.BackgroundTasks;
using Portal.Hosting.Data;
using Portal.Hosting.Modules;
using Portal.Modules;
using Portal.Resources;
using Portal.Security;

namespace Portal.Hosting.Admin;

/// <summary>One background task as the admin shows it.</summary>
public sealed record BackgroundTaskRow(
    string Name,
    string FeatureId,
    string FeatureName,
    bool FeatureEnabled,
    bool SingleNode,
    TimeSpan Interval,
    BackgroundTaskState State,
    BackgroundTaskHistory History);

/// <summary>The background tasks page: every task, its feature's state, its last run, success and error, and when
/// this node runs it next.</summary>
public sealed class BackgroundTasksAdmin(BackgroundTaskRunner runner, BackgroundTaskLog log, FeatureAdmin features, IFeatureChecker checker, IServiceProvider services)
{
    public async Task<IReadOnlyList<BackgroundTaskRow>> ListAsync(CancellationToken cancellationToken)
    {
        var featureNames = features.List().ToDictionary(f => f.Id, f => f.Name, StringComparer.OrdinalIgnoreCase);
        var history = await log.HistoryAsync(runner.Tasks.Select(t => t.Name), cancellationToken);
        return [.. runner.Tasks
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => new BackgroundTaskRow(
                t.Name,
                t.FeatureId,
                featureNames.TryGetValue(t.FeatureId, out var name) ? name : t.FeatureId,
                checker.IsEnabled(t.FeatureId),
                t.SingleNode,
                IntervalOf(t),
                runner.StateOf(t.Name),
                history[t.Name]))];
    }

    public BackgroundTaskDescriptor? Find(string? name) =>
        runner.Tasks.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    private TimeSpan IntervalOf(BackgroundTaskDescriptor task)
    {
        try
        {
            return task.Interval(services);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException)
        {
            return TimeSpan.Zero;
        }
    }
}

/// <summary><c>/admin/background-tasks</c> (permission ManageSite).</summary>
[Authorize(Policy = Permission.PolicyPrefix + "ManageSite")]
public sealed class BackgroundTasksAdminController(BackgroundTasksAdmin tasks, IBackgroundTaskTrigger trigger, IFeatureChecker features, IStringLocalizer<SiteAdminStrings> T) : Controller
{
    [HttpGet("/admin/background-tasks")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View("~/Views/SiteAdmin/BackgroundTasks.cshtml", await tasks.ListAsync(cancellationToken));

    [HttpPost("/admin/background-tasks/run")]
    public IActionResult RunNow(string? name)
    {
        var task = tasks.Find(name);
        if (task is null)
        {
            TempData["Status"] = T["There is no such background task."].Value;
        }
        else if (!features.IsEnabled(task.FeatureId))
        {
            TempData["Status"] = T["The task “{0}” did not run: its feature is off.", task.Name].Value;
        }
        else
        {
            trigger.Trigger(task.Name);
            TempData["Status"] = T["The task “{0}” will run now on this server. Reload the page to see the result.", task.Name].Value;
        }

        return Redirect("/admin/background-tasks");
    }
}
