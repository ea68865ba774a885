using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Caching;
using Portal.Globalization;
using Portal.Notifications.Data;
using Portal.Notifications.Models;
using Portal.People;

namespace Portal.Notifications.Services;

/// <summary>
/// Writes a notification to the outbox: an in-app notification (non-essential kinds), and an e-mail now, a digest
/// entry, or nothing, according to the person's preference. Rendering happens here, in the recipient's language,
/// so the worker only sends.
/// </summary>
internal sealed class NotificationPublisher(
    IDbContextFactory<NotificationsDbContext> contexts,
    NotificationKindRegistry kinds,
    IPersonDirectory people,
    EmailRenderer emails,
    SiteLinks links,
    Portal.BackgroundTasks.IBackgroundTaskTrigger trigger,
    TimeProvider time,
    IOptions<NotificationsOptions> options,
    PersonCache<UnreadCount> unread,
    ILogger<NotificationPublisher> logger) : INotificationPublisher
{
    public const int MaxIdempotencyKeyLength = 200;

    public async Task PublishAsync(NotificationRequest request, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kind = kinds.Find(request.Kind)
            ?? throw new ArgumentException($"Notification kind '{request.Kind}' is not declared by any module.", nameof(request));
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey) || request.IdempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            throw new ArgumentException($"An idempotency key of 1 to {MaxIdempotencyKeyLength} characters is required.", nameof(request));
        }

        var person = await people.FindAsync(request.RecipientUserId, cancellationToken)
            ?? throw new InvalidOperationException("The recipient of the notification does not exist.");
        var culture = PortalCultures.Normalize(person.Culture);
        var now = time.GetUtcNow();

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (transaction is not null)
        {
            var connection = transaction.Connection ?? throw new ArgumentException("The transaction has no open connection.", nameof(transaction));
            db.Database.SetDbConnection(connection, contextOwnsConnection: false);
            await db.Database.UseTransactionAsync(transaction, cancellationToken);
        }

        var key = request.IdempotencyKey;
        if (await AlreadyPublishedAsync(db, key, cancellationToken))
        {
            return;
        }

        var template = await EmailRenderer.FindTemplateAsync(db, kind, culture, cancellationToken)
            ?? throw new InvalidOperationException($"Notification kind '{kind.Name}' has no template.");
        var data = WithDefaults(request.Data, request.Url, person);

        var preference = kind.Essential ? DeliveryPreference.Immediately : await PreferenceAsync(db, person.UserId, kind, cancellationToken);
        if (!kind.Essential)
        {
            db.InAppNotifications.Add(new InAppNotification(key, person.UserId, kind.Name, emails.RenderTitle(template, data), SafeSiteUrl(request.Url), now, PortalCultures.Normalize(template.Culture)));
        }

        var address = HeaderGuard.ValidAddress(request.OverrideEmail ?? person.Email);
        // Non-essential mail goes only to confirmed addresses; account mail (e.g. the confirmation itself) always.
        var mayEmail = address is not null && (kind.Essential || person.EmailConfirmed || request.OverrideEmail is not null);
        if (!mayEmail && kind.Essential)
        {
            logger.LogWarning("Notification {Kind} ({Key}) has no usable e-mail address; nothing was sent.", kind.Name, key);
        }

        if (mayEmail)
        {
            switch (preference)
            {
                case DeliveryPreference.Immediately:
                    var unsubscribe = kind.Essential ? null : links.Unsubscribe(person.UserId, kind.Name);
                    var email = emails.Render(template, culture, data, unsubscribe);
                    db.OutboxMessages.Add(new OutboxMessage(key, kind.Name, person.UserId, address!, HeaderGuard.CleanText(person.DisplayName), culture, email, unsubscribe, now));
                    break;
                case DeliveryPreference.DailyDigest or DeliveryPreference.WeeklyDigest:
                    var due = DigestSchedule.NextDue(now, preference, options.Value.DigestHourHkt);
                    db.DigestItems.Add(new DigestItem(key, person.UserId, kind.Name, culture, emails.RenderTitle(template, data), SafeSiteUrl(request.Url), preference, due, now));
                    break;
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (transaction is null)
        {
            // Published concurrently by another request with the same key: the unique index kept one.
            if (await AlreadyPublishedAsync(db, key, cancellationToken))
            {
                return;
            }

            throw;
        }

        if (!kind.Essential)
        {
            await unread.ForgetHereAsync(person.UserId, cancellationToken);
        }

        trigger.Trigger(NotificationTasks.Outbox);
    }

    private static async Task<bool> AlreadyPublishedAsync(NotificationsDbContext db, string key, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await db.OutboxMessages.AnyAsync(m => m.IdempotencyKey == key, cancellationToken)
            || await db.InAppNotifications.AnyAsync(n => n.IdempotencyKey == key, cancellationToken)
            || await db.DigestItems.AnyAsync(d => d.IdempotencyKey == key, cancellationToken);
    }

    private static async Task<DeliveryPreference> PreferenceAsync(NotificationsDbContext db, string userId, NotificationKind kind, CancellationToken cancellationToken)
    {
        var chosen = await db.Preferences.AsNoTracking()
            .Where(p => p.UserId == userId && p.Kind == kind.Name)
            .Select(p => (DeliveryPreference?)p.Preference)
            .FirstOrDefaultAsync(cancellationToken);
        return chosen ?? kind.DefaultDelivery;
    }

    /// <summary>
    /// The template's values: the request's data, the person's name and the site's address. Links (<c>url</c> and any
    /// value named <c>…Url</c>) given as site paths become absolute, since an e-mail is read outside the site; the
    /// request's own link is <c>{{url}}</c> when the data has none.
    /// </summary>
    private IReadOnlyDictionary<string, string> WithDefaults(IReadOnlyDictionary<string, string> data, string? url, PersonInfo person)
    {
        var values = new Dictionary<string, string>(data, StringComparer.Ordinal);
        values.TryAdd("displayName", person.DisplayName);
        values.TryAdd("siteUrl", links.BaseUrl);
        if (SafeSiteUrl(url) is { } own)
        {
            values.TryAdd("url", own);
        }

        foreach (var key in values.Keys.Where(k => k == "url" || k.EndsWith("Url", StringComparison.Ordinal)).ToList())
        {
            if (SafeSiteUrl(values[key]) is { } relative)
            {
                values[key] = links.Absolute(relative);
            }
        }

        return values;
    }

    /// <summary>In-app links open on this site only.</summary>
    private static string? SafeSiteUrl(string? url) =>
        url is not null && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) && url.Length <= 1000
            ? url
            : null;
}
