using Portal.Impact.Models;
using Portal.Impact.Services;
using Portal.Recipes;

namespace Portal.Impact.Recipes;

public sealed class ImpactTargetsModel
{
    public List<RecipeTarget> Targets { get; set; } = [];

    /// <summary>Metric keys to show on the public "our impact" page.</summary>
    public List<string> Publish { get; set; } = [];
}

public sealed class RecipeTarget
{
    public string MetricKey { get; set; } = "";
    public decimal? Goal { get; set; }
    public string Unit { get; set; } = TargetUnits.Count;
    public string Plan { get; set; } = "";
}

/// <summary>
/// <c>{ "name": "ImpactTargets", "targets": [ { "metricKey", "goal", "unit", "plan" } ], "publish": [ "key", … ] }</c>.
/// Idempotent: a target that already has these values is left alone (no history entry); a changed one is updated
/// with a history entry by <c>recipe</c>.
/// </summary>
public sealed class ImpactTargetsStep(ImpactTargetsService targets) : RecipeStepHandler<ImpactTargetsModel>
{
    public const string RecipeUser = "recipe";

    public override string StepName => "ImpactTargets";

    public override IEnumerable<string> Validate(ImpactTargetsModel model, RecipeExecutionContext context)
    {
        foreach (var target in model.Targets)
        {
            foreach (var (field, message) in ImpactTarget.Validate(target.MetricKey, target.Goal, target.Unit, target.Plan))
            {
                yield return $"Target '{target.MetricKey}', {field}: {message}";
            }
        }

        foreach (var key in model.Publish.Where(k => ImpactTarget.Validate(k, 0, TargetUnits.Count, "x").Count > 0))
        {
            yield return $"Publish: '{key}' is not a metric key.";
        }
    }

    public override async Task ExecuteAsync(ImpactTargetsModel model, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        foreach (var target in model.Targets)
        {
            await targets.SetTargetAsync(target.MetricKey, target.Goal!.Value, target.Unit, target.Plan, RecipeUser, cancellationToken);
        }

        foreach (var key in model.Publish)
        {
            await targets.SetPublishedAsync(key.Trim(), true, RecipeUser, cancellationToken);
        }
    }
}
