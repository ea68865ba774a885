namespace Portal.Academy.Services;

internal static class AcademyClock
{
    public static DateOnly TodayInHongKong(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Globalization.PortalCultures.HongKong).DateTime);
}
