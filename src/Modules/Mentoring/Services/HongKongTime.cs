using Portal.Globalization;

namespace Portal.Mentoring.Services;

/// <summary>Hong Kong wall-clock times (what people type in forms) to instants, and back.</summary>
public static class HongKongTime
{
    public static DateTimeOffset FromLocal(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, PortalCultures.HongKong.GetUtcOffset(unspecified));
    }

    public static DateTime ToLocal(DateTimeOffset utc) => PortalCultures.ToHongKong(utc).DateTime;

    public static DateOnly Today(TimeProvider clock) => PortalCultures.Today(clock);

    /// <summary>A date a person may mean in this scheme (a typed year 0001 or 9999 is a slip, and out of range for time zones).</summary>
    public static bool IsPlausible(DateTime local) => local.Year is >= 2000 and <= 2100;
}
