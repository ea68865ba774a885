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

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToLocal(clock.GetUtcNow()));
}
