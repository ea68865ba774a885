using System.Text.Json;

namespace Portal.Recipes;

/// <summary>
/// Handles one kind of recipe step (Orchard's <c>IRecipeStepHandler</c>), typed: the step's JSON is bound to
/// <typeparamref name="TModel"/> before <see cref="Validate"/> runs. Handlers must be idempotent: running a
/// recipe twice creates no duplicates (match on a natural key such as a slug or user name).
/// </summary>
public abstract class RecipeStepHandler<TModel> : IRecipeStepHandler where TModel : class
{
    public abstract string StepName { get; }

    /// <summary>Returns plain-language problems with the step; empty when it can run. Runs for every step of a
    /// recipe before any step executes, so a bad recipe changes nothing.</summary>
    public virtual IEnumerable<string> Validate(TModel model, RecipeExecutionContext context) => [];

    public abstract Task ExecuteAsync(TModel model, RecipeExecutionContext context, CancellationToken cancellationToken);

    Type IRecipeStepHandler.ModelType => typeof(TModel);

    IEnumerable<string> IRecipeStepHandler.Validate(object model, RecipeExecutionContext context) => Validate((TModel)model, context);

    Task IRecipeStepHandler.ExecuteAsync(object model, RecipeExecutionContext context, CancellationToken cancellationToken)
        => ExecuteAsync((TModel)model, context, cancellationToken);
}

/// <summary>Untyped view of <see cref="RecipeStepHandler{TModel}"/> used by the executor.</summary>
public interface IRecipeStepHandler
{
    string StepName { get; }
    Type ModelType { get; }
    IEnumerable<string> Validate(object model, RecipeExecutionContext context);
    Task ExecuteAsync(object model, RecipeExecutionContext context, CancellationToken cancellationToken);
}

/// <summary>What a step handler knows about the recipe it belongs to.</summary>
public sealed class RecipeExecutionContext
{
    public required string RecipeFile { get; init; }

    /// <summary>Folder of the recipe file; relative paths in steps (e.g. attachments) resolve against it.</summary>
    public required string BaseDirectory { get; init; }

    public required int StepIndex { get; init; }

    /// <summary>Options used to bind step JSON (camelCase, case-insensitive, comments allowed).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };
}
