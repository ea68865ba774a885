using System.Data.Common;
using Portal.Notifications;
using Portal.Search;

namespace Portal.Hosting.Security;

/// <summary>Used when no search module is installed: there is no index to keep up to date.</summary>
internal sealed class NoSearchIndexingQueue : IIndexingQueue
{
    public Task EnqueueAsync(IReadOnlyCollection<IndexChange> changes, DbTransaction? transaction, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

/// <summary>Used when no notifications module is installed: says so in the log instead of pretending to send.</summary>
internal sealed class UndeliverableNotificationPublisher(ILogger<UndeliverableNotificationPublisher> logger) : INotificationPublisher
{
    public Task PublishAsync(NotificationRequest request, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        logger.LogWarning("No notifications module is installed; notification of kind {Kind} was not delivered", request.Kind);
        return Task.CompletedTask;
    }
}
