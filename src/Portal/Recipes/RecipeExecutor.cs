using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Hosting.Data;
using Portal.Recipes;

namespace Portal.Hosting.Recipes;

/// <summary>A recipe that cannot run: names the file, the step and the reason.</summary>
public sealed class RecipeException(string file, int? stepIndex, string? stepName, string reason)
    : Exception(Format(file, stepIndex, stepName, reason))
{
    public string File { get; } = file;
    public int? StepIndex { get; } = stepIndex;
    public string? StepName { get; } = stepName;
    public string Reason { get; } = reason;

    private static string Format(string file, int? index, string? name, string reason) =>
        index is null ? $"Recipe '{file}': {reason}" : $"Recipe '{file}', step {index + 1} ('{name ?? "?"}'): {reason}";
}

/// <summary>What a recipe file says about itself (Orchard's header).</summary>
public sealed record RecipeHeader(string Name, string? DisplayName, string? Description, string? Author, string? Version, bool IsSetupRecipe, string File);

/// <summary>
/// Runs recipes: <c>{ "name", "displayName", "description", …, "steps": [ { "name": "…", … } ] }</c>.
/// Every step of the recipe (and of recipes it includes) is parsed and validated before the first one runs,
/// so a bad recipe stops with a message naming file, step and reason and leaves the site as it was.
/// </summary>
public sealed class RecipeExecutor(IServiceScopeFactory scopes, ILogger<RecipeExecutor> logger, TimeProvider clock)
{
    public const string IncludeStepName = "Recipes";
    private const int MaxDepth = 8;

    public static RecipeHeader ReadHeader(string file)
    {
        var root = ParseFile(file);
        return new RecipeHeader(
            root["name"]?.GetValue<string>() ?? Path.GetFileNameWithoutExtension(file),
            root["displayName"]?.GetValue<string>(),
            root["description"]?.GetValue<string>(),
            root["author"]?.GetValue<string>(),
            root["version"]?.GetValue<string>(),
            root["issetuprecipe"]?.GetValue<bool>() ?? root["isSetupRecipe"]?.GetValue<bool>() ?? false,
            file);
    }

    public async Task ExecuteAsync(string file, CancellationToken cancellationToken = default)
    {
        file = Path.GetFullPath(file);
        using var scope = scopes.CreateScope();
        var handlers = scope.ServiceProvider.GetServices<IRecipeStepHandler>()
            .ToDictionary(h => h.StepName, StringComparer.OrdinalIgnoreCase);

        var plan = new List<PlannedStep>();
        Plan(file, handlers, plan, depth: 0);

        logger.LogInformation("Running recipe {Recipe}: {Count} steps", Path.GetFileName(file), plan.Count);
        var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
        try
        {
            foreach (var step in plan)
            {
                try
                {
                    await step.Handler.ExecuteAsync(step.Model, step.Context, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not RecipeException)
                {
                    throw new RecipeException(step.Context.RecipeFile, step.Context.StepIndex, step.Handler.StepName, ex.Message);
                }
            }
        }
        catch (RecipeException ex)
        {
            db.RecipeRuns.Add(new RecipeRun { RecipeName = ReadHeader(file).Name, FileName = Path.GetFileName(file), RanUtc = clock.GetUtcNow(), Succeeded = false, Message = ex.Message });
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        db.RecipeRuns.Add(new RecipeRun { RecipeName = ReadHeader(file).Name, FileName = Path.GetFileName(file), RanUtc = clock.GetUtcNow(), Succeeded = true });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Plan(string file, IReadOnlyDictionary<string, IRecipeStepHandler> handlers, List<PlannedStep> plan, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new RecipeException(file, null, null, "recipes include each other too deeply (a cycle?).");
        }

        var root = ParseFile(file);
        if (root["steps"] is not JsonArray steps)
        {
            throw new RecipeException(file, null, null, "the recipe has no \"steps\" array.");
        }

        var baseDirectory = Path.GetDirectoryName(file)!;
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is not JsonObject step || step["name"]?.GetValueKind() != JsonValueKind.String)
            {
                throw new RecipeException(file, i, null, "every step needs a \"name\".");
            }

            var name = step["name"]!.GetValue<string>();
            var context = new RecipeExecutionContext { RecipeFile = file, BaseDirectory = baseDirectory, StepIndex = i };
            if (string.Equals(name, IncludeStepName, StringComparison.OrdinalIgnoreCase))
            {
                var included = step["values"] as JsonArray
                    ?? throw new RecipeException(file, i, name, "a Recipes step needs \"values\": a list of recipe file names.");
                foreach (var value in included)
                {
                    var fileName = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value?["executionId"]?.GetValue<string>() ?? value?["name"]?.GetValue<string>();
                    if (string.IsNullOrWhiteSpace(fileName))
                    {
                        throw new RecipeException(file, i, name, "each included recipe must be a file name.");
                    }

                    var path = ResolveIncluded(baseDirectory, fileName);
                    if (!System.IO.File.Exists(path))
                    {
                        throw new RecipeException(file, i, name, $"the included recipe '{fileName}' does not exist.");
                    }

                    Plan(path, handlers, plan, depth + 1);
                }

                continue;
            }

            if (!handlers.TryGetValue(name, out var handler))
            {
                throw new RecipeException(file, i, name, $"unknown step '{name}'. Known steps: {string.Join(", ", handlers.Keys.Order(StringComparer.Ordinal))}, {IncludeStepName}.");
            }

            object model;
            try
            {
                model = step.Deserialize(handler.ModelType, RecipeExecutionContext.JsonOptions)
                    ?? throw new RecipeException(file, i, name, "the step is empty.");
            }
            catch (JsonException ex)
            {
                throw new RecipeException(file, i, name, $"the step's data does not fit: {ex.Message}");
            }

            var problems = handler.Validate(model, context).ToList();
            if (problems.Count > 0)
            {
                throw new RecipeException(file, i, name, string.Join(" ", problems));
            }

            plan.Add(new PlannedStep(handler, model, context));
        }
    }

    private static string ResolveIncluded(string baseDirectory, string fileName)
    {
        var name = fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? fileName : fileName + ".recipe.json";
        return Path.GetFullPath(Path.Combine(baseDirectory, name));
    }

    private static JsonObject ParseFile(string file)
    {
        if (!System.IO.File.Exists(file))
        {
            throw new RecipeException(file, null, null, "the file does not exist.");
        }

        try
        {
            var node = JsonNode.Parse(System.IO.File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return node as JsonObject ?? throw new RecipeException(file, null, null, "the recipe must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new RecipeException(file, null, null, $"invalid JSON at line {ex.LineNumber + 1}: {ex.Message}");
        }
    }

    private sealed record PlannedStep(IRecipeStepHandler Handler, object Model, RecipeExecutionContext Context);
}
