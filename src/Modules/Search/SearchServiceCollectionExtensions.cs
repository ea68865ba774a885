using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Commands;
using Portal.Data;
using Portal.Modules;
using Portal.Search.Data;
using Portal.Search.Indexing;
using Portal.Search.Querying;
using Portal.Search.Services;

namespace Portal.Search;

internal static class SearchServiceCollectionExtensions
{
    /// <summary>Everything but the web parts: index, indexing pipeline, query service, staff service.</summary>
    public static IServiceCollection AddSearchCore(this IServiceCollection services)
    {
        services.AddPortalDbContext<SearchDbContext>(SearchDbContext.TablePrefix);
        services.AddOptions<SearchOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SearchAnswerCache>();
        services.AddSingleton(sp => new SearchIndex(
            sp.GetRequiredService<IDataFolder>().GetFolder("search-index"),
            sp.GetRequiredService<ILogger<SearchIndex>>(),
            sp.GetRequiredService<SearchAnswerCache>().Changed));
        services.AddSingleton<IndexingSignal>();
        services.AddSingleton<IndexUpdater>();
        services.AddSingleton<IndexingLogPruner>();
        services.AddSingleton<SearchTaskState>();
        services.AddBackgroundTask<SearchIndexingTask>(SearchIndexingTask.Name, "Search", sp => sp.GetRequiredService<IOptions<SearchOptions>>().Value.PollInterval);
        services.AddBackgroundTask<SearchLogPruneTask>(SearchLogPruneTask.Name, "Search", sp => sp.GetRequiredService<IOptions<SearchOptions>>().Value.LogPruneInterval);
        services.AddModuleMigration<SearchDbContext, Data.Migrations.AddIndexingLogHorizon>();
        services.AddModuleMigration<SearchDbContext, Data.Migrations.AddSetAsideEntries>();
        services.AddSingleton<QueryRecorder>();
        services.AddSingleton<IQueryRecorder>(sp => sp.GetRequiredService<QueryRecorder>());
        services.AddSingleton<SynonymCache>();
        services.AddSingleton<ISynonymSource>(sp => sp.GetRequiredService<SynonymCache>());
        services.AddSingleton<SearchQueryService>();
        services.AddScoped<IIndexingQueue, IndexingQueue>();
        services.AddAudienceProvider<ClaimsAudienceProvider>();
        services.AddScoped<AudienceResolver>();
        services.AddScoped<SearchAdminService>();
        services.AddScoped<ISearchAdministration>(sp => sp.GetRequiredService<SearchAdminService>());
        services.AddScoped<ISearchService, PortalSearchService>();
        services.AddPortalCommand<ReindexCommand>();
        return services;
    }
}
