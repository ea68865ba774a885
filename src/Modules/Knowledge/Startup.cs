using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Data;
using Portal.Knowledge.Data;
using Portal.Knowledge.Recipes;
using Portal.Knowledge.Services;
using Portal.Modules;
using Portal.Navigation;
using Portal.Recipes;
using Portal.Search;
using Portal.Security;

namespace Portal.Knowledge;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPortalDbContext<KnowledgeDbContext>(KnowledgeDbContext.TablePrefix);
        services.AddModuleMigration<KnowledgeDbContext, Data.Migrations.StoreDatesAsUtcTicks>();
        services.AddModuleMigration<KnowledgeDbContext, Data.Migrations.AddDraftRevision>();
        services.AddOptions<KnowledgeOptions>().Bind(configuration.GetSection("Portal:Knowledge"));
        services.TryAddSingleton(TimeProvider.System);

        services.AddScoped<UploadValidator>();
        services.AddScoped<ImageReencoder>();
        services.AddScoped<KnowledgeIndexNotifier>();
        services.AddScoped<ArticleEditor>();
        services.AddScoped<KnowledgeReader>();
        services.AddScoped<KnowledgeAdminReader>();
        services.AddSearchSource<KnowledgeSearchSource>();
        services.AddSearchLabels<KnowledgeSearchLabels>();
        services.AddMetricsSource<KnowledgeMetrics>();
        services.AddPersonalData<KnowledgePersonalData>();

        services.AddPermissions<Permissions>();
        services.AddAdminMenu<AdminMenu>();
        services.AddHomeTiles<HomeTiles>();

        services.AddRecipeStep<KnowledgeCategoriesStep>();
        services.AddRecipeStep<KnowledgeArticlesStep>();
    }
}
