using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Modules;

namespace Portal.PortalModule;

/// <summary>
/// What the module brings, registered only through the typed helpers of <see cref="ModuleServiceCollectionExtensions"/>
/// (AddPermissions, AddAdminMenu, AddHomeTiles, AddUserMenu, AddZoneWidgets, AddSearchSource, AddPersonalData,
/// AddNotificationKinds, AddMetricsSource, AddBackgroundTask, AddHealthCheck, AddPersonCache, AddRecipeStep,
/// AddPortalDbContext, ...).
/// </summary>
internal sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPermissions<Permissions>();
        services.AddAdminMenu<AdminMenu>();
        services.AddHomeTiles<HomeTiles>();
    }
}
