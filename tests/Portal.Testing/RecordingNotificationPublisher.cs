using System.Data.Common;
using Portal.Notifications;

namespace Portal.Testing;

/// <summary>Stands in for the notification outbox: keeps each request and whether it came inside the caller's
/// transaction (as the real publisher joins it).</summary>
public sealed class RecordingNotificationPublisher : INotificationPublisher
{
    public List<(NotificationRequest Request, bool InTransaction)> Published { get; } = [];

    public Task PublishAsync(NotificationRequest request, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        lock (Published)
        {
            Published.Add((request, transaction is not null));
        }

        return Task.CompletedTask;
    }
}
