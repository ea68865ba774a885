using System.Globalization;
using Portal.Impact.Services;

namespace Portal.Impact.Tests;

public sealed class SuppressionTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(4, true)]
    [InlineData(4.5, true)]
    [InlineData(5, false)]
    [InlineData(0, false)]
    [InlineData(120, false)]
    public void Counts_from_one_to_four_are_small(decimal value, bool small) =>
        Assert.Equal(small, Suppression.IsSmall(value, "count"));

    [Fact]
    public void Percentages_are_never_suppressed() => Assert.False(Suppression.IsSmall(3, "percent"));

    [Fact]
    public void Hours_are_suppressed_like_counts() => Assert.True(Suppression.IsSmall(2, "hours"));

    [Fact]
    public void Two_or_more_small_cells_are_hidden_and_nothing_else()
    {
        var hidden = Suppression.HiddenParts([3m, 0m, 2m, 40m, 17m], "count");
        Assert.Equal([0, 2], hidden.Order());
    }

    [Fact]
    public void A_single_small_cell_also_hides_the_next_smallest_so_the_total_does_not_reveal_it()
    {
        // Total 63 and parts 40 + 20 would give away the 3.
        var hidden = Suppression.HiddenParts([40m, 3m, 20m, 0m], "count");
        Assert.Equal([1, 2], hidden.Order());
    }

    [Fact]
    public void No_small_cells_hides_nothing() => Assert.Empty(Suppression.HiddenParts([5m, 0m, 9m], "count"));

    [Fact]
    public void Hidden_values_read_less_than_five_in_every_language()
    {
        Assert.Equal("< 5", Suppression.Format(3, "count", true, CultureInfo.GetCultureInfo("zh-HK")));
        Assert.Equal("< 5", Suppression.Format(3, "count", true, CultureInfo.GetCultureInfo("en")));
        Assert.Equal("1,234", Suppression.Format(1234, "count", false, CultureInfo.GetCultureInfo("en")));
        Assert.Equal("76.5%", Suppression.Format(76.5m, "percent", false, CultureInfo.GetCultureInfo("en")));
    }

    [Fact]
    public void A_metric_total_below_five_is_hidden_with_its_breakdown()
    {
        var metric = ImpactReportBuilder.ToMetric(new("x.count", "X", 3, "count")
        {
            Breakdowns = [new("month", "By month", [new("2026-01", "Jan", 3), new("2026-02", "Feb", 0)])],
        }, new("x.count", "X", 12, "count"));
        Assert.True(metric.Hidden);
        Assert.Equal("< 5", metric.Display(CultureInfo.InvariantCulture));
        Assert.True(metric.Breakdowns[0].Parts[0].Hidden);
        Assert.False(metric.Breakdowns[0].Parts[1].Hidden);
        Assert.Null(metric.Trend); // a trend would reveal the hidden value
    }
}
