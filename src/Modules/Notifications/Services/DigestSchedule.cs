using Portal.Globalization;

namespace Portal.Notifications.Services;

/// <summary>When digests go out: every day at the digest hour in Hong Kong, weekly digests on Mondays.</summary>
internal static class DigestSchedule
{
    public static DateTimeOffset NextDue(DateTimeOffset nowUtc, DeliveryPreference frequency, int hourHkt)
    {
        var local = PortalCultures.ToHongKong(nowUtc);
        var candidate = new DateTimeOffset(local.Year, local.Month, local.Day, hourHkt, 0, 0, local.Offset);
        if (candidate <= local)
        {
            candidate = candidate.AddDays(1);
        }

        if (frequency == DeliveryPreference.WeeklyDigest)
        {
            while (candidate.DayOfWeek != DayOfWeek.Monday)
            {
                candidate = candidate.AddDays(1);
            }
        }

        return candidate.ToUniversalTime();
    }
}
