using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Matching.Data;
using Portal.Matching.Recipes;
using Portal.Matching.Services;
using Portal.Modules;
using Portal.Recipes;

namespace Portal.Matching;

internal sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddMatchingServices(configuration);
    }
}

public static class MatchingServiceCollectionExtensions
{
    /// <summary>Everything the partner-matching scheme needs apart from the web layer (also used by tests and the benchmark).</summary>
    public static IServiceCollection AddMatchingServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MatchingOptions>().Bind(configuration.GetSection(MatchingOptions.Section));
        services.AddPortalDbContext<MatchingDbContext>(MatchingDbContext.TablePrefix);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PartnerSnapshotCache>();
        services.TryAddScoped<PartnerDirectory>();
        services.TryAddScoped<MatchingAccess>();
        services.TryAddScoped<MatchingService>();
        services.TryAddScoped<MatchingAdminService>();
        services.AddPermissions<Permissions>();
        services.AddAdminMenu<AdminMenu>();
        services.AddUserMenu<UserMenu>();
        services.AddHomeTiles<HomeTiles>();
        services.AddNotificationKinds<MatchingNotifications>();
        services.AddPersonalData<MatchingPersonalData>();
        services.AddAuditedAreas<AuditedAreas>();
        services.AddMetricsSource<MatchingMetricsSource>();
        services.AddSearchSource<NeedSearchSource>();
        services.AddSearchLabels<NeedSearchLabels>();
        services.AddBackgroundTask<AnswerReminderTask>(AnswerReminderTask.Name, "Matching", Interval, singleNode: true);
        services.AddBackgroundTask<OfferExpiryTask>(OfferExpiryTask.Name, "Matching", Interval, singleNode: true);
        services.AddRecipeStep<PartnerMatchingStep>();
        return services;
    }

    private static TimeSpan Interval(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<MatchingOptions>>().Value.TaskInterval;
}
