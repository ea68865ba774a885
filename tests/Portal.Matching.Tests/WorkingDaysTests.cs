using Microsoft.Extensions.Time.Testing;
using Portal.Globalization;
using Portal.Matching.Services;

namespace Portal.Matching.Tests;

public sealed class WorkingDaysTests
{
    private static readonly WorkingDays HongKong = WorkingDays.HongKong;

    [Fact]
    public void The_shipped_calendar_knows_2026_and_2027_from_the_government_list()
    {
        Assert.Equal([2026, 2027], HongKong.Years);
        Assert.True(HongKong.IsHoliday(new DateOnly(2026, 2, 17))); // Lunar New Year's Day
        Assert.True(HongKong.IsHoliday(new DateOnly(2026, 10, 1)));
        Assert.True(HongKong.IsHoliday(new DateOnly(2027, 2, 9)));  // fourth day of Lunar New Year (the first fell on a Saturday)
        Assert.False(HongKong.IsWorkingDay(new DateOnly(2026, 3, 7))); // a Saturday
        Assert.True(HongKong.IsWorkingDay(new DateOnly(2026, 3, 9)));
    }

    [Fact]
    public void Five_working_days_from_a_Monday_is_the_next_Monday()
    {
        Assert.Equal(new DateOnly(2026, 3, 9), HongKong.AddWorkingDays(new DateOnly(2026, 3, 2), 5));
    }

    [Fact]
    public void Easter_and_Ching_Ming_push_the_deadline_out()
    {
        // Thursday 2 April 2026: Good Friday 3, Saturday 4 (holiday anyway), Sunday 5, Monday 6 and Tuesday 7 are all off.
        Assert.Equal(new DateOnly(2026, 4, 14), HongKong.AddWorkingDays(new DateOnly(2026, 4, 2), 5));
    }

    [Fact]
    public void Lunar_New_Year_pushes_the_deadline_out()
    {
        // Friday 13 February 2026 → Mon 16, Fri 20, Mon 23, Tue 24, Wed 25 (17–19 are holidays).
        Assert.Equal(new DateOnly(2026, 2, 25), HongKong.AddWorkingDays(new DateOnly(2026, 2, 13), 5));
    }

    [Fact]
    public void The_answer_deadline_is_Hong_Kong_midnight_after_the_fifth_working_day_with_a_fake_clock()
    {
        // 23:30 on Thursday 2 April 2026 in Hong Kong is still 2 April there.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 2, 15, 30, 0, TimeSpan.Zero));
        var deadline = HongKong.AnswerDeadline(clock.GetUtcNow(), 5);
        Assert.Equal(new DateTimeOffset(2026, 4, 14, 16, 0, 0, TimeSpan.Zero), deadline); // 15 April 00:00 in Hong Kong
        Assert.Equal(new DateOnly(2026, 4, 14), PortalCultures.DateInHongKong(deadline.AddMinutes(-1)));

        // Half an hour later it is 3 April in Hong Kong (Good Friday): the count starts from that day instead.
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(new DateOnly(2026, 4, 14), PortalCultures.DateInHongKong(HongKong.AnswerDeadline(clock.GetUtcNow(), 5).AddMinutes(-1)));
    }

    [Fact]
    public void A_calendar_of_its_own_makes_the_holidays_explicit()
    {
        var calendar = new WorkingDays([new DateOnly(2030, 1, 1)]);
        Assert.False(calendar.KnowsYear(2031));
        Assert.Equal(new DateOnly(2030, 1, 8), calendar.AddWorkingDays(new DateOnly(2029, 12, 31), 5));
    }
}
