using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Data;
using Portal.Impact.Data;
using Portal.Impact.Recipes;
using Portal.Impact.Reports;
using Portal.Impact.Services;
using Portal.Modules;
using Portal.Recipes;

namespace Portal.Impact;

internal sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddImpactServices();
    }
}

public static class ImpactServiceCollectionExtensions
{
    /// <summary>Everything the impact module needs apart from the web layer (also used by tests and the benchmark).</summary>
    public static IServiceCollection AddImpactServices(this IServiceCollection services)
    {
        services.AddPortalDbContext<ImpactDbContext>(ImpactDbContext.TablePrefix);
        services.AddMemoryCache();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ImpactPdf>();
        services.TryAddSingleton<PublicImpactCache>();
        services.TryAddScoped<ImpactReportBuilder>();
        services.TryAddScoped<ImpactTargetsService>();
        services.TryAddScoped<PublicImpactService>();
        services.AddPermissions<Permissions>();
        services.AddAdminMenu<AdminMenu>();
        services.AddHomeTiles<HomeTiles>();
        services.AddRecipeStep<ImpactTargetsStep>();
        return services;
    }
}
