using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Data;
using Portal.Forum.Data;
using Portal.Forum.Recipes;
using Portal.Forum.Services;
using Portal.Modules;
using Portal.Recipes;

namespace Portal.Forum;

internal sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddForumServices(configuration);
    }
}

public static class ForumServiceCollectionExtensions
{
    /// <summary>Everything the peer forum needs apart from the web layer (also used by tests and the benchmark).</summary>
    public static IServiceCollection AddForumServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ForumOptions>().Bind(configuration.GetSection(ForumOptions.Section));
        services.AddPortalDbContext<ForumDbContext>(ForumDbContext.TablePrefix);
        services.AddModuleMigration<ForumDbContext, Data.Migrations.AddRatingsInStatistics>();
        services.AddModuleMigration<ForumDbContext, Data.Migrations.AddPostMetricsIndexes>();
        services.AddModuleMigration<ForumDbContext, Data.Migrations.AddLatestTopicsIndex>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddPersonCache<ForumMemberships>(ForumMemberships.Channel, ForumMemberships.Lifetime);
        services.TryAddSingleton<CommunityMemberCounts>();
        services.TryAddSingleton<CommunityList>();
        services.TryAddScoped<ForumAccess>();
        services.TryAddScoped<ForumService>();
        services.TryAddScoped<ModerationService>();
        services.TryAddScoped<RatingService>();
        services.TryAddScoped<PeopleService>();
        services.AddPermissions<Permissions>();
        services.AddAdminMenu<AdminMenu>();
        services.AddUserMenu<UserMenu>();
        services.AddHomeTiles<HomeTiles>();
        services.AddSearchSource<ForumSearchSource>();
        services.AddSearchLabels<ForumSearchLabels>();
        services.AddAudienceProvider<ForumAudienceProvider>();
        services.AddNotificationKinds<ForumNotifications>();
        services.AddPersonalData<ForumPersonalData>();
        services.AddAuditedAreas<AuditedAreas>();
        services.AddMetricsSource<ForumMetricsSource>();
        services.AddRecipeStep<ForumStep>();
        return services;
    }
}
