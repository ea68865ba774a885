using Portal.Impact.Services;

namespace Portal.Impact.Tests;

public sealed class PeriodTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    [Fact]
    public void No_choice_means_this_year_so_far()
    {
        var choice = PeriodChooser.Choose(null, null, null, Today);
        Assert.Null(choice.Error);
        Assert.Equal(new ReportPeriod(new(2026, 1, 1), Today), choice.Period);
        Assert.Equal(PeriodPresets.ThisYear, choice.Preset);
    }

    [Fact]
    public void Presets_give_last_year_and_the_last_twelve_months()
    {
        Assert.Equal(new ReportPeriod(new(2025, 1, 1), new(2025, 12, 31)), PeriodChooser.Choose("last-year", null, null, Today).Period);
        Assert.Equal(new ReportPeriod(new(2025, 11, 21), Today), PeriodChooser.Choose("last-12-months", null, null, Today).Period);
    }

    [Fact]
    public void Custom_dates_are_used_when_valid()
    {
        var choice = PeriodChooser.Choose("custom", "2026-03-01", "2026-05-31", Today);
        Assert.Null(choice.Error);
        Assert.Equal(new ReportPeriod(new(2026, 3, 1), new(2026, 5, 31)), choice.Period);
    }

    [Theory]
    [InlineData("2026-06-01", "2026-05-01", "The first day must be on or before the last day.", "from")]
    [InlineData("yesterday", "2026-05-01", "Enter the first day as a date, e.g. 2026-01-01.", "from")]
    [InlineData("2026-01-01", "", "Enter the last day as a date, e.g. 2026-12-31.", "to")]
    [InlineData("2026-02-30", "2026-03-01", "Enter the first day as a date, e.g. 2026-01-01.", "from")]
    [InlineData("2000-01-01", "2026-01-01", "Choose a period of ten years or less.", "from")]
    public void Bad_custom_dates_give_a_message_keep_the_input_and_fall_back_to_this_year(string from, string to, string error, string field)
    {
        var choice = PeriodChooser.Choose("custom", from, to, Today);
        Assert.Equal(error, choice.Error);
        Assert.Equal(field, choice.ErrorField);
        Assert.Equal(from, choice.FromText);
        Assert.Equal(to, choice.ToText);
        Assert.Equal(new DateOnly(2026, 1, 1), choice.Period.From);
    }

    [Fact]
    public void An_unknown_preset_is_refused_without_throwing() =>
        Assert.Equal("Choose one of the periods offered.", PeriodChooser.Choose("<script>", null, null, Today).Error);

    [Fact]
    public void This_year_so_far_compares_with_the_same_part_of_last_year()
    {
        var previous = new ReportPeriod(new(2026, 1, 1), new(2026, 11, 20)).Previous();
        Assert.Equal(new ReportPeriod(new(2025, 1, 1), new(2025, 11, 20)), previous);
    }

    [Fact]
    public void Whole_months_compare_with_as_many_months_before_to_the_month_end()
    {
        Assert.Equal(new ReportPeriod(new(2026, 2, 1), new(2026, 2, 28)), new ReportPeriod(new(2026, 3, 1), new(2026, 3, 31)).Previous());
        Assert.Equal(new ReportPeriod(new(2025, 1, 1), new(2025, 12, 31)), new ReportPeriod(new(2026, 1, 1), new(2026, 12, 31)).Previous());
    }

    [Fact]
    public void Other_periods_compare_with_the_days_just_before()
    {
        var period = new ReportPeriod(new(2026, 3, 10), new(2026, 3, 19));
        Assert.Equal(new ReportPeriod(new(2026, 2, 28), new(2026, 3, 9)), period.Previous());
        Assert.Equal(period.Days, period.Previous().Days);
    }
}
