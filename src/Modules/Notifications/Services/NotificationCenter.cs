using Microsoft.EntityFrameworkCore;
using Portal.Caching;
using Portal.Data;
using Portal.Notifications.Data;
using Portal.Notifications.Models;

namespace Portal.Notifications.Services;

/// <summary>One line of the list; <paramref name="Culture"/> is the language <paramref name="Title"/> is written in, null when not known.</summary>
internal sealed record NotificationListItem(string Id, string Title, string? Url, DateTimeOffset CreatedUtc, bool IsRead, string? Culture = null);

internal sealed record KindPreference(string Kind, string Label, DeliveryPreference Preference);

/// <summary>What a person does with their own notifications: the bell, the list, preferences, unsubscribing.
/// Every query is filtered by the person's user id, so nobody reaches another's notifications.</summary>
internal sealed class NotificationCenter
{
    public const int PageSize = 30;

    private readonly NotificationsDbContext db;
    private readonly NotificationKindRegistry kinds;
    private readonly TimeProvider time;
    private readonly PersonCache<UnreadCount> unread;

    public NotificationCenter(NotificationsDbContext db, NotificationKindRegistry kinds, TimeProvider time, PersonCache<UnreadCount> unread)
    {
        this.db = db;
        this.kinds = kinds;
        this.time = time;
        this.unread = unread;
    }

    /// <summary>The bell's count (cached per person, see <see cref="UnreadCount"/>).</summary>
    internal async Task<int> UnreadCountAsync(string userId, CancellationToken cancellationToken)
    {
        var unreadCount = await unread.GetOrCreateAsync(userId, (db, userId), static async (state, ct) =>
            new UnreadCount(await state.db.InAppNotifications.CountAsync(n => n.UserId == state.userId && n.ReadUtc == null, ct)), cancellationToken);
        return unreadCount.Count;
    }

    /// <summary>A page of the person's notifications, newest first (compiled: see <see cref="CompiledQuery{TContext, TParameter, TResult}"/>).</summary>
    private static readonly CompiledListQuery<NotificationsDbContext, string, int, InAppNotification> PageOf =
        new((db, userId, skip) => db.InAppNotifications.AsNoTracking()
            .Where(n => n.UserId == userId)
            .OrderByDescending(n => n.CreatedUtc)
            .Skip(skip)
            .Take(PageSize));

    internal async Task<IReadOnlyList<NotificationListItem>> ListAsync(string userId, int page, CancellationToken cancellationToken)
    {
        page = Math.Max(1, page);
        var rows = await PageOf.ToListAsync(db, userId, (page - 1) * PageSize, cancellationToken);
        return [.. rows.Select(n => new NotificationListItem(n.Id, n.Title, n.Url, n.CreatedUtc, n.IsRead, n.Culture))];
    }

    /// <summary>Marks one of the person's notifications read; returns its link, or null when it is not theirs.</summary>
    internal async Task<(bool Found, string? Url)> MarkReadAsync(string userId, string id, CancellationToken cancellationToken)
    {
        var notification = await db.InAppNotifications.FirstOrDefaultAsync(n => n.Id == id && n.UserId == userId, cancellationToken);
        if (notification is null)
        {
            return (false, null);
        }

        notification.MarkRead(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await unread.ForgetAsync(userId, cancellationToken);
        return (true, notification.Url);
    }

    internal async Task<int> MarkAllReadAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var marked = await db.InAppNotifications
            .Where(n => n.UserId == userId && n.ReadUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadUtc, now), cancellationToken);
        await unread.ForgetAsync(userId, cancellationToken);
        return marked;
    }

    internal async Task<IReadOnlyList<KindPreference>> PreferencesAsync(string userId, string culture, CancellationToken cancellationToken)
    {
        var chosen = await db.Preferences.AsNoTracking().Where(p => p.UserId == userId)
            .ToDictionaryAsync(p => p.Kind, p => p.Preference, cancellationToken);
        return [.. kinds.Choosable.Select(k => new KindPreference(k.Name, NotificationKindRegistry.Label(k, culture), chosen.TryGetValue(k.Name, out var p) ? p : k.DefaultDelivery))];
    }

    /// <summary>Saves choices for choosable kinds only; essential kinds cannot be changed.</summary>
    /// <remarks>Two saves at once for one person (a double submit) can both insert the same kind: the slower one runs
    /// again and changes the first one's rows (<see cref="DoubleSubmits"/>).</remarks>
    internal Task SavePreferencesAsync(string userId, IReadOnlyDictionary<string, DeliveryPreference> choices, CancellationToken cancellationToken) =>
        db.OnceMoreIfRacedAsync(() => ApplyPreferencesAsync(userId, choices, cancellationToken), cancellationToken);

    private async Task ApplyPreferencesAsync(string userId, IReadOnlyDictionary<string, DeliveryPreference> choices, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var allowed = kinds.Choosable.Select(k => k.Name).ToHashSet(StringComparer.Ordinal);
        var existing = await db.Preferences.Where(p => p.UserId == userId).ToDictionaryAsync(p => p.Kind, cancellationToken);
        foreach (var (kind, preference) in choices)
        {
            if (!allowed.Contains(kind) || !Enum.IsDefined(preference))
            {
                continue;
            }

            if (existing.TryGetValue(kind, out var row))
            {
                row.Change(preference, now);
            }
            else
            {
                db.Preferences.Add(new DeliveryPreferenceSetting(userId, kind, preference, now));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Applies a verified unsubscribe link: the kind (or every choosable kind) is turned off for e-mail.
    /// Returns the labels of what was turned off.</summary>
    internal async Task<IReadOnlyList<string>> UnsubscribeAsync(UnsubscribeRequest request, string culture, CancellationToken cancellationToken)
    {
        var targets = request.Kind == UnsubscribeRequest.AllKinds
            ? [.. kinds.Choosable]
            : kinds.Choosable.Where(k => k.Name == request.Kind).ToList();
        await SavePreferencesAsync(request.UserId, targets.ToDictionary(k => k.Name, _ => DeliveryPreference.Off), cancellationToken);
        return [.. targets.Select(k => NotificationKindRegistry.Label(k, culture))];
    }
}
