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
        services.AddOptions<KnowledgeOptions>().Bind(configuration.GetSection("Portal:Knowledge"));
        services.TryAddSingleton(TimeProvider.System);

        services.AddScoped<UploadValidator>();
        services.AddScoped<ImageReencoder>();
        services.AddScoped<KnowledgeIndexNotifier>();
        services.AddScoped<ArticleEditor>();
        services.AddScoped<KnowledgeReader>();
        services.AddScoped<KnowledgeAdminReader>();
        services.AddScoped<ISearchDocumentSource, KnowledgeSearchSource>();
        services.AddScoped<ISearchLabelProvider, KnowledgeSearchLabels>();
        services.AddScoped<Portal.Metrics.IMetricsSource, KnowledgeMetrics>();
        services.AddScoped<Portal.Privacy.IPersonalDataProvider, KnowledgePersonalData>();

        services.AddSingleton<IPermissionProvider, Permissions>();
        services.AddScoped<IAdminMenuProvider, AdminMenu>();

        services.AddRecipeStep<KnowledgeCategoriesStep>();
        services.AddRecipeStep<KnowledgeArticlesStep>();
    }
}
