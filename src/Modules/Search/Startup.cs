using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Modules;
using Portal.Navigation;
using Portal.Recipes;
using Portal.Search.Api;
using Portal.Search.Services;
using Portal.Security;

namespace Portal.Search;

internal sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSearchCore();
        services.Configure<SearchOptions>(configuration.GetSection("Portal:Search"));
        // The search tasks are registered in AddSearchCore (AddBackgroundTask) and run by the host's runner. On
        // PostgreSQL this listener wakes the indexing task when another node commits a change (a notification sent
        // inside that change's transaction, which the host's IClusterSignal cannot do).
        services.AddHostedService<PostgresIndexingListener>();
        services.AddHealthCheck<SearchReadinessCheck>(SearchReadinessCheck.Name);
        services.AddSingleton<SearchLabelCache>();
        services.AddScoped<ISearchLabelResolver, SearchLabelResolver>();
        services.AddPermissions<Permissions>();
        services.AddAdminMenu<AdminMenu>();
        services.AddZoneWidgets<ZoneWidgets>();
        services.AddRecipeStep<Recipes.SearchSynonymsStep>();
        services.AddPageCacheHitListener<CachedSearchRecorder>();
    }

    public override void Configure(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/search", SearchApi.SearchAsync)
            .WithName("SearchApi")
            .WithTags("Search")
            .WithSummary("Searches everything the caller may see (anonymous: public items only).")
            .WithDescription("`q`: words (all required; the typed word ranks above its synonyms), `OR`/`或` between words, `NOT`/`不含` or `-word` " +
                "to leave a word out, quotes (\"…\", “…”, 「…」) for an exact phrase; hits in the request's language come first when scores are close. " +
                "`lang` filters the items by language (zh-HK or en). Facets are name → [{ value, count, label }]: " +
                "filter with `value`; `label` names it in the request's language (`?culture=zh-HK|en`, the language cookie or " +
                "Accept-Language; zh-HK by default), e.g. a category's name instead of its slug.")
            .Produces<SearchApiResponse>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status429TooManyRequests)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Search)
            // Anonymous answers from this node's search cache, dropped when this node's index commits (SearchAnswerCache).
            .CacheOutput(Portal.Caching.PageCache.AnonymousSearch);
    }
}
