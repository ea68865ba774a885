using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
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
        services.AddNotificationServices(configuration);
        services.AddNotificationTasks("Notifications");
        services.AddSingleton<IPermissionProvider, Permissions>();
        services.AddScoped<IAdminMenuProvider, AdminMenu>();
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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationKindProvider, NotificationsKindProvider>());
        services.AddSingleton<IMailTransport, MailKitTransport>();
        services.AddScoped<TemplateRenderer>();
        services.AddSingleton(sp => new UnsubscribeTokens(sp.GetRequiredService<IDataProtectionProvider>()));
        services.AddSingleton<SiteLinks>();
        services.AddScoped<NotificationKindRegistry>();
        services.AddScoped(sp => new SmtpSettingsProvider(
            sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<IDbContextFactory<NotificationsDbContext>>(),
            sp.GetRequiredService<IDataProtectionProvider>()));
        services.AddScoped<EmailRenderer>();
        services.AddScoped<INotificationPublisher, NotificationPublisher>();
        services.AddScoped<OutboxProcessor>();
        services.AddScoped<DigestJob>();
        services.AddScoped<RetentionJob>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<Portal.Privacy.IPersonalDataProvider, NotificationsPersonalData>());
        services.AddScoped(sp => new NotificationCenter(
            sp.GetRequiredService<NotificationsDbContext>(),
            sp.GetRequiredService<NotificationKindRegistry>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddScoped(sp => new NotificationsAdmin(
            sp.GetRequiredService<NotificationsDbContext>(),
            sp.GetRequiredService<NotificationKindRegistry>(),
            sp.GetRequiredService<EmailRenderer>(),
            sp.GetRequiredService<SmtpSettingsProvider>(),
            sp.GetRequiredService<IMailTransport>(),
            sp.GetRequiredService<Portal.BackgroundTasks.IBackgroundTaskTrigger>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
