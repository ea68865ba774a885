using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Mentoring.Data;
using Portal.Mentoring.Recipes;
using Portal.Mentoring.Services;
using Portal.Modules;
using Portal.Recipes;

namespace Portal.Mentoring;

internal sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddMentoringServices(configuration);
    }
}

public static class MentoringServiceCollectionExtensions
{
    /// <summary>Everything the mentor scheme needs apart from the web layer (also used by tests and the benchmark).</summary>
    public static IServiceCollection AddMentoringServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MentoringOptions>().Bind(configuration.GetSection(MentoringOptions.Section));
        services.AddPortalDbContext<MentoringDbContext>(MentoringDbContext.TablePrefix);
        services.TryAddSingleton(TimeProvider.System);
        services.AddPersonCache<MentorStatus>(MentorStatus.Channel, MentorStatus.Lifetime);
        services.TryAddScoped<MentoringAccess>();
        services.TryAddScoped<MentoringService>();
        services.TryAddScoped<MentoringAdminService>();
        services.TryAddScoped<MentorDashboard>();
        services.TryAddScoped<ProgrammeReport>();
        services.AddPermissions<Permissions>();
        services.AddAdminMenu<AdminMenu>();
        services.AddUserMenu<UserMenu>();
        services.AddHomeTiles<HomeTiles>();
        services.AddNotificationKinds<MentoringNotifications>();
        services.AddPersonalData<MentoringPersonalData>();
        services.AddAuditedAreas<AuditedAreas>();
        services.AddMetricsSource<MentoringMetricsSource>();
        services.AddBackgroundTask<StallDetectionTask>(StallDetectionTask.Name, "Mentoring", Interval, singleNode: true);
        services.AddBackgroundTask<RequestExpiryTask>(RequestExpiryTask.Name, "Mentoring", Interval, singleNode: true);
        services.AddBackgroundTask<MeetingReminderTask>(MeetingReminderTask.Name, "Mentoring", Interval, singleNode: true);
        services.AddRecipeStep<MentoringProgrammeStep>();
        return services;
    }

    private static TimeSpan Interval(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<MentoringOptions>>().Value.TaskInterval;
}
