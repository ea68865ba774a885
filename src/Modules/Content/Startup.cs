using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Content.Data;
using Portal.Content.Recipes;
using Portal.Content.Services;
using Portal.Data;
using Portal.Modules;
using Portal.Navigation;
using Portal.Recipes;
using Portal.Search;
using Portal.Security;

namespace Portal.Content;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPortalDbContext<ContentDbContext>(ContentDbContext.TablePrefix);
        services.AddModuleMigration<ContentDbContext, Data.Migrations.AddRevisionSavedByUserId>();
        services.AddModuleMigration<ContentDbContext, Data.Migrations.StoreDatesAsUtcTicks>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddScoped<ContentIndexNotifier>();
        services.AddScoped<ContentReader>();
        services.AddScoped<PageEditor>();
        services.AddScoped<PageHistoryReader>();
        services.AddScoped<NewsEditor>();
        services.AddScoped<MenuEditor>();
        services.AddSingleton<MainMenuCache>();
        services.AddScoped<ScheduledNewsIndexer>();
        services.AddSingleton<ScheduledNewsTask.Progress>();
        services.AddBackgroundTask<ScheduledNewsTask>(ScheduledNewsTask.Name, "Content", TimeSpan.FromMinutes(1), singleNode: true);
        services.AddMainMenu<ContentMainMenuSource>();
        services.AddSearchSource<PageSearchSource>();
        services.AddSearchSource<NewsSearchSource>();
        services.AddPersonalData<ContentPersonalData>();
        services.AddSearchLabels<ContentSearchLabels>();

        services.AddPermissions<Permissions>();
        services.AddAdminMenu<AdminMenu>();

        services.AddRecipeStep<PagesStep>();
        services.AddRecipeStep<NewsStep>();
        services.AddRecipeStep<MenuStep>();
    }
}
