using Portal.Metrics;

namespace Portal.Host.Tests;

/// <summary>The month breakdown's buckets (<see cref="HongKongMonths"/>) follow Hong Kong calendar months, not UTC ones.
/// The same expression in SQL on both providers is covered by the impact figures tests.</summary>
public sealed class HongKongMonthsTests
{
    private sealed record Row(DateTimeOffset AtUtc);

    [Fact]
    public void A_period_lists_every_month_it_touches_with_its_key()
    {
        var months = HongKongMonths.Between(new DateOnly(2026, 11, 15), new DateOnly(2027, 2, 1));

        Assert.Equal(["2026-11", "2026-12", "2027-01", "2027-02"], months.Select(HongKongMonths.Key));
        Assert.Single(HongKongMonths.Between(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)));
    }

    [Fact]
    public void An_instant_counts_in_the_hong_kong_month_it_falls_in()
    {
        var months = HongKongMonths.Between(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31));
        var index = HongKongMonths.IndexOf<Row>(months, r => r.AtUtc).Compile();

        // 1 February 00:00 in Hong Kong is 31 January 16:00 UTC.
        Assert.Equal(0, index(new Row(new DateTimeOffset(2026, 1, 31, 15, 59, 59, TimeSpan.Zero))));
        Assert.Equal(1, index(new Row(new DateTimeOffset(2026, 1, 31, 16, 0, 0, TimeSpan.Zero))));
        Assert.Equal(1, index(new Row(new DateTimeOffset(2026, 2, 28, 15, 59, 59, TimeSpan.Zero))));
        Assert.Equal(2, index(new Row(new DateTimeOffset(2026, 2, 28, 16, 0, 0, TimeSpan.Zero))));
        Assert.Equal(2, index(new Row(new DateTimeOffset(2026, 3, 31, 12, 0, 0, TimeSpan.Zero))));
    }
}
