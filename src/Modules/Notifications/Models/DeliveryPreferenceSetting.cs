namespace Portal.Notifications.Models;

/// <summary>A person's choice for one kind. Without a row, the kind's default applies.</summary>
internal sealed class DeliveryPreferenceSetting
{
    private DeliveryPreferenceSetting()
    {
    }

    public DeliveryPreferenceSetting(string userId, string kind, DeliveryPreference preference, DateTimeOffset nowUtc)
    {
        UserId = userId;
        Kind = kind;
        Preference = preference;
        UpdatedUtc = nowUtc;
    }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public DeliveryPreference Preference { get; private set; }
    public DateTimeOffset UpdatedUtc { get; private set; }

    public void Change(DeliveryPreference preference, DateTimeOffset nowUtc)
    {
        Preference = preference;
        UpdatedUtc = nowUtc;
    }
}
