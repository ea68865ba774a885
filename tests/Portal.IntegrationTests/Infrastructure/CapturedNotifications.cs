using System.Collections.Concurrent;
using System.Data.Common;
using Portal.Notifications;

namespace Portal.IntegrationTests.Infrastructure;

/// <summary>An <see cref="INotificationPublisher"/> that keeps what it is given, for tests that read a link or a
/// kind the host publishes (it replaces the outbox for that site).</summary>
public sealed class CapturedNotifications : INotificationPublisher
{
    public ConcurrentQueue<NotificationRequest> Requests { get; } = new();

    public Task PublishAsync(NotificationRequest request, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(request);
        return Task.CompletedTask;
    }

    public IReadOnlyList<NotificationRequest> Of(string kind, string userId) =>
        Requests.Where(r => r.Kind == kind && r.RecipientUserId == userId).ToList();
}
