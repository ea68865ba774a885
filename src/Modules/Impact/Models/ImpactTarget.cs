using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Impact.Models;

/// <summary>How a target's goal is read.</summary>
public static class TargetUnits
{
    /// <summary>The figure itself must reach the goal (e.g. at least 13 companies).</summary>
    public const string Count = "count";

    /// <summary>A percentage figure must reach the goal (e.g. more than 75% improved).</summary>
    public const string Percent = "percent";

    /// <summary>Hours must reach the goal.</summary>
    public const string Hours = "hours";

    /// <summary>The figure must grow by the goal (in %) against the previous period of equal length (e.g. +20%).</summary>
    public const string Growth = "growth-percent";

    public static readonly IReadOnlyList<string> All = [Count, Percent, Hours, Growth];

    /// <summary>The English label (a resource key).</summary>
    public static string Label(string unit) => unit switch
    {
        Count => "A number to reach (at least)",
        Percent => "A percentage to reach (at least)",
        Hours => "Hours to reach (at least)",
        _ => "Growth in % against the previous period",
    };
}

/// <summary>Thrown when a target breaks a rule; the message is an English resource key.</summary>
public sealed class ImpactRuleException(string message) : Exception(message);

/// <summary>A goal from the organisation's plan for one metric key. Every change is kept as an <see cref="ImpactTargetChange"/>.</summary>
public sealed partial class ImpactTarget
{
    public const int MaxKeyLength = 120;
    public const int MaxPlanLength = 120;

    private ImpactTarget()
    {
    }

    public long Id { get; private set; }

    /// <summary>The key a metrics source reports, e.g. <c>academy.participants-improved-share</c>.</summary>
    public string MetricKey { get; private set; } = "";

    public decimal Goal { get; private set; }

    /// <summary>One of <see cref="TargetUnits"/>.</summary>
    public string Unit { get; private set; } = TargetUnits.Count;

    /// <summary>The plan or period the goal belongs to, e.g. "2025–2030 five-year plan".</summary>
    public string Plan { get; private set; } = "";

    public DateTimeOffset UpdatedUtc { get; private set; }

    /// <summary>Plain-language problems (English resource keys) with the values; empty when they are fine.</summary>
    public static IReadOnlyList<(string Field, string Message)> Validate(string? metricKey, decimal? goal, string? unit, string? plan)
    {
        var problems = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(metricKey) || metricKey.Length > MaxKeyLength || !KeyPattern().IsMatch(metricKey.Trim()))
        {
            problems.Add(("MetricKey", "Enter the metric key in small letters, digits, dots and hyphens, e.g. academy.completions."));
        }

        if (goal is null)
        {
            problems.Add(("Goal", "Enter the goal as a number."));
        }
        else if (goal < 0 || goal > 1_000_000_000)
        {
            problems.Add(("Goal", "The goal must be between 0 and 1,000,000,000."));
        }
        else if (unit is TargetUnits.Percent && goal > 100)
        {
            problems.Add(("Goal", "A percentage goal cannot be more than 100."));
        }

        if (unit is null || !TargetUnits.All.Contains(unit))
        {
            problems.Add(("Unit", "Choose what the goal counts."));
        }

        if (string.IsNullOrWhiteSpace(plan) || plan.Trim().Length > MaxPlanLength)
        {
            problems.Add(("Plan", "Enter the plan or period the goal belongs to (up to 120 characters)."));
        }

        return problems;
    }

    public static (ImpactTarget Target, ImpactTargetChange Change) Create(string metricKey, decimal goal, string unit, string plan, string byUserId, DateTimeOffset now)
    {
        Throw(Validate(metricKey, goal, unit, plan));
        var target = new ImpactTarget { MetricKey = metricKey.Trim(), Goal = goal, Unit = unit, Plan = plan.Trim(), UpdatedUtc = now };
        return (target, new ImpactTargetChange(target.MetricKey, null, null, null, goal, unit, target.Plan, byUserId, now));
    }

    /// <summary>Changes the goal; returns the history entry, or null when nothing changed.</summary>
    public ImpactTargetChange? Change(decimal goal, string unit, string plan, string byUserId, DateTimeOffset now)
    {
        Throw(Validate(MetricKey, goal, unit, plan));
        plan = plan.Trim();
        if (goal == Goal && unit == Unit && plan == Plan)
        {
            return null;
        }

        var change = new ImpactTargetChange(MetricKey, Goal, Unit, Plan, goal, unit, plan, byUserId, now);
        Goal = goal;
        Unit = unit;
        Plan = plan;
        UpdatedUtc = now;
        return change;
    }

    /// <summary>The history entry for removing the target.</summary>
    public ImpactTargetChange Removed(string byUserId, DateTimeOffset now) =>
        new(MetricKey, Goal, Unit, Plan, null, null, null, byUserId, now);

    public string GoalText(CultureInfo culture) => Unit switch
    {
        TargetUnits.Percent => Goal.ToString("0.#", culture) + "%",
        TargetUnits.Growth => "+" + Goal.ToString("0.#", culture) + "%",
        _ => Goal.ToString("#,0.#", culture),
    };

    private static void Throw(IReadOnlyList<(string Field, string Message)> problems)
    {
        if (problems.Count > 0)
        {
            throw new ImpactRuleException(problems[0].Message);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*$")]
    private static partial Regex KeyPattern();
}

/// <summary>One change to a target: who (user id), when, the old and the new values. Never edited or deleted.</summary>
public sealed class ImpactTargetChange
{
    private ImpactTargetChange()
    {
    }

    internal ImpactTargetChange(string metricKey, decimal? oldGoal, string? oldUnit, string? oldPlan, decimal? newGoal, string? newUnit, string? newPlan, string byUserId, DateTimeOffset now)
    {
        MetricKey = metricKey;
        OldGoal = oldGoal;
        OldUnit = oldUnit;
        OldPlan = oldPlan;
        NewGoal = newGoal;
        NewUnit = newUnit;
        NewPlan = newPlan;
        ByUserId = byUserId;
        ChangedUtc = now;
    }

    public long Id { get; private set; }
    public string MetricKey { get; private set; } = "";
    public decimal? OldGoal { get; private set; }
    public string? OldUnit { get; private set; }
    public string? OldPlan { get; private set; }
    public decimal? NewGoal { get; private set; }
    public string? NewUnit { get; private set; }
    public string? NewPlan { get; private set; }

    /// <summary>The user id of the person who made the change (<c>recipe</c> for a set-up recipe).</summary>
    public string ByUserId { get; private set; } = "";

    public DateTimeOffset ChangedUtc { get; private set; }
}

/// <summary>A metric staff chose to show on the public "our impact" page.</summary>
public sealed class PublishedMetric
{
    private PublishedMetric()
    {
    }

    public PublishedMetric(string metricKey, string byUserId, DateTimeOffset now)
    {
        MetricKey = metricKey;
        ByUserId = byUserId;
        PublishedUtc = now;
    }

    public string MetricKey { get; private set; } = "";
    public string ByUserId { get; private set; } = "";
    public DateTimeOffset PublishedUtc { get; private set; }
}
