using Microsoft.Extensions.Hosting;
using Portal.Commands;

namespace Portal.Hosting.Recipes;

/// <summary><c>dotnet run --project src/Portal -- recipe content-recipes/x.recipe.json</c></summary>
internal sealed class RecipeCommand(RecipeExecutor executor, IHostEnvironment environment) : IPortalCommand
{
    public string Name => "recipe";

    public string Description => "Runs a recipe file against the configured site.";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Count != 1)
        {
            await output.WriteLineAsync("Usage: recipe <file.recipe.json>");
            return 2;
        }

        var file = RecipeLocator.Resolve(arguments[0], environment.ContentRootPath);
        try
        {
            await executor.ExecuteAsync(file, cancellationToken);
            await output.WriteLineAsync($"Recipe '{file}' ran successfully.");
            return 0;
        }
        catch (RecipeException ex)
        {
            await output.WriteLineAsync(ex.Message);
            return 1;
        }
    }
}

/// <summary>Finds recipe files: as given, relative to the working folder, or in <c>content-recipes</c>.</summary>
public static class RecipeLocator
{
    public static string RecipesFolder(string contentRoot)
    {
        foreach (var candidate in new[] { Path.Combine(AppContext.BaseDirectory, "content-recipes"), Path.Combine(contentRoot, "content-recipes"), Path.Combine(contentRoot, "..", "..", "content-recipes") })
        {
            if (Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "content-recipes");
    }

    public static string Resolve(string file, string contentRoot)
    {
        if (Path.IsPathRooted(file))
        {
            return file;
        }

        var relative = Path.GetFullPath(file);
        return File.Exists(relative) ? relative : Path.Combine(RecipesFolder(contentRoot), file);
    }

    public static IReadOnlyList<string> List(string contentRoot)
    {
        var folder = RecipesFolder(contentRoot);
        return Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, "*.recipe.json").Order(StringComparer.Ordinal)] : [];
    }
}
