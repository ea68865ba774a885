using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.BackgroundTasks;
using Portal.Modules;

namespace Portal.Notifications.Services;

/// <summary>The module's background tasks (run by the host's runner while the feature is on).</summary>
public static class NotificationTasks
{
    /// <summary>Queues due digests and sends due outbox messages, every <see cref="NotificationsOptions.PollInterval"/>
    /// and at once when something is published on this node. Every node sends (messages are claimed one by one).</summary>
    public const string Outbox = "notifications.outbox";

    /// <summary>Deletes sent e-mails, old failures and read notifications, every
    /// <see cref="NotificationsOptions.RetentionInterval"/>, on one node at a time.</summary>
    public const string Retention = "notifications.retention";

    internal static IServiceCollection AddNotificationTasks(this IServiceCollection services, string featureId)
    {
        services.AddBackgroundTask<OutboxTask>(Outbox, featureId,
            sp => sp.GetRequiredService<IOptions<NotificationsOptions>>().Value.PollInterval);
        services.AddBackgroundTask<RetentionTask>(Retention, featureId,
            sp => sp.GetRequiredService<IOptions<NotificationsOptions>>().Value.RetentionInterval, singleNode: true);
        return services;
    }
}

/// <summary>One delivery pass: due digests become outbox messages, then due messages are sent.</summary>
internal sealed class OutboxTask(DigestJob digests, OutboxProcessor outbox) : IBackgroundTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await digests.RunAsync(cancellationToken);
        await outbox.ProcessDueAsync(cancellationToken);
    }
}

/// <summary>The retention clean-up (<see cref="RetentionJob"/>).</summary>
internal sealed class RetentionTask(RetentionJob retention) : IBackgroundTask
{
    public Task RunAsync(CancellationToken cancellationToken) => retention.RunAsync(cancellationToken);
}
