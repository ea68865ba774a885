using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Data;
using Portal.Modules;
using Portal.Navigation;
using Portal.Notifications.Data;
using Portal.Notifications.Services;
using Portal.Security;

namespace Portal.Notifications;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPortalDbContext<NotificationsDbContext>(NotificationsDbContext.TablePrefix);
        services.AddModuleMigration<NotificationsDbContext, Data.Migrations.StoreDatesAsUtcTicks>();
        services.AddModuleMigration<NotificationsDbContext, Data.Migrations.AddInAppCulture>();
        services.AddNotificationServices(configuration);
        services.AddNotificationTasks("Notifications");
        services.AddPermissions<Permissions>();
        services.AddAdminMenu<AdminMenu>();
        services.AddZoneWidgets<ZoneWidgets>();
    }
}

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>Everything but the DbContext registration and the background tasks (tests register those themselves;
    /// the host provides <see cref="Portal.BackgroundTasks.IBackgroundTaskTrigger"/>).</summary>
    public static IServiceCollection AddNotificationServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationsOptions>().Bind(configuration.GetSection(NotificationsOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddLocalization();
        services.AddNotificationKinds<NotificationsKindProvider>();
        services.AddSingleton<IMailTransport, MailKitTransport>();
        services.AddScoped<TemplateRenderer>();
        services.AddSingleton<UnsubscribeTokens>();
        services.AddSingleton<SiteLinks>();
        services.AddScoped<NotificationKindRegistry>();
        services.AddScoped<SmtpSettingsProvider>();
        services.AddScoped<EmailRenderer>();
        services.AddScoped<INotificationPublisher, NotificationPublisher>();
        services.AddScoped<OutboxProcessor>();
        services.AddScoped<DigestJob>();
        services.AddScoped<RetentionJob>();
        services.AddPersonalData<NotificationsPersonalData>();
        services.AddPersonCache<UnreadCount>(UnreadCount.Channel, UnreadCount.Lifetime);
        services.AddScoped<NotificationCenter>();
        services.AddScoped<NotificationsAdmin>();
        return services;
    }
}
