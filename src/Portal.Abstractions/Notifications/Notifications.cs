using System.Data.Common;

namespace Portal.Notifications;

/// <summary>
/// A request to tell a person something. The notifications module renders it from the kind's template in the
/// recipient's language and delivers it (in-app, email now or in a digest) according to their preferences.
/// </summary>
/// <param name="Kind">A kind declared by some <see cref="INotificationKindProvider"/>, e.g. <c>account.confirm-email</c>.</param>
/// <param name="RecipientUserId">The Identity user id of the recipient.</param>
/// <param name="Data">Values for the template's placeholders; the renderer HTML-encodes them.</param>
/// <param name="IdempotencyKey">The same key for the same event yields one message, however often it is published.</param>
public sealed record NotificationRequest(
    string Kind,
    string RecipientUserId,
    IReadOnlyDictionary<string, string> Data,
    string IdempotencyKey)
{
    /// <summary>Send to this address instead of the account's (e.g. confirming a new address).</summary>
    public string? OverrideEmail { get; init; }

    /// <summary>Site-relative link the in-app notification opens.</summary>
    public string? Url { get; init; }
}

/// <summary>
/// The one door modules use to notify people. Modules never send mail themselves.
/// </summary>
public interface INotificationPublisher
{
    /// <summary>
    /// Writes the notification to the durable outbox. Pass the caller's open transaction to make the write part
    /// of the change that caused it (same database connection); without one, it commits on its own.
    /// </summary>
    Task PublishAsync(NotificationRequest request, DbTransaction? transaction = null, CancellationToken cancellationToken = default);
}

/// <summary>How a person wants a kind of notification to reach them.</summary>
public enum DeliveryPreference
{
    Immediately = 0,
    DailyDigest = 1,
    WeeklyDigest = 2,
    Off = 3,
}

/// <summary>Default wording of a kind in one language. Placeholders are <c>{{name}}</c>.</summary>
public sealed record NotificationTemplate(string Culture, string Subject, string Body);

/// <summary>
/// A kind of notification a module sends. Essential kinds (account security) always go out by email
/// immediately and cannot be turned off.
/// </summary>
public sealed record NotificationKind(
    string Name,
    string Module,
    bool Essential,
    DeliveryPreference DefaultDelivery,
    IReadOnlyList<NotificationTemplate> DefaultTemplates)
{
    /// <summary>
    /// What people call this kind in Traditional Chinese (zh-HK), e.g. 「論壇新回覆」: shown on the notification
    /// settings page, as a heading in digests and in the outbox. Without it the default subject stands in.
    /// </summary>
    public string? DisplayNameZh { get; init; }

    /// <summary>What people call this kind in English, e.g. "New replies in the community".</summary>
    public string? DisplayNameEn { get; init; }

    /// <summary>The display name in a culture (zh-HK or en; other cultures get the Chinese), or null when the kind has none.</summary>
    public string? DisplayName(string culture) =>
        culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? DisplayNameEn ?? DisplayNameZh : DisplayNameZh ?? DisplayNameEn;
}

/// <summary>A module declares the kinds it sends and their default wording in zh-HK and en.</summary>
public interface INotificationKindProvider
{
    IEnumerable<NotificationKind> GetKinds();
}
