using Microsoft.Extensions.Time.Testing;
using Portal.Globalization;

namespace Portal.Host.Tests;

/// <summary>"Today in Hong Kong", written once in Abstractions: the date turns at midnight HKT (16:00 UTC).</summary>
public sealed class HongKongDateTests
{
    [Fact]
    public void Today_turns_at_midnight_in_Hong_Kong_not_in_UTC()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 15, 59, 59, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2026, 12, 6), PortalCultures.Today(clock));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new DateOnly(2026, 12, 7), PortalCultures.Today(clock));
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 16, 0, 0, TimeSpan.Zero), PortalCultures.StartOfDayUtc(new DateOnly(2026, 12, 7)));
        Assert.Equal(new DateOnly(2026, 12, 7), PortalCultures.DateInHongKong(PortalCultures.StartOfDayUtc(new DateOnly(2026, 12, 7))));
    }
}
