using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Recipes;

public static class RecipeServiceCollectionExtensions
{
    /// <summary>Registers a typed recipe step handler (scoped, so it may use the module's DbContext).</summary>
    public static IServiceCollection AddRecipeStep<THandler>(this IServiceCollection services)
        where THandler : class, IRecipeStepHandler
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IRecipeStepHandler, THandler>());
        return services;
    }
}
