using System.Reflection;
using System.Text.Json;
using Portal.Globalization;

namespace Portal.Matching.Services;

/// <summary>
/// Hong Kong working days: Monday to Friday, except general holidays. The holidays come from
/// <c>Data/hk-public-holidays.json</c> (the government's published lists); a year missing from the file counts
/// weekends only, and <see cref="KnowsYear"/> lets the admin page warn about it.
/// </summary>
public sealed class WorkingDays
{
    private readonly HashSet<DateOnly> _holidays;

    public WorkingDays(IEnumerable<DateOnly> holidays)
    {
        _holidays = [.. holidays];
        Years = [.. _holidays.Select(d => d.Year).Distinct().Order()];
    }

    /// <summary>The calendar shipped with the module.</summary>
    public static WorkingDays HongKong { get; } = new(LoadHongKong());

    public IReadOnlyList<int> Years { get; }

    public bool KnowsYear(int year) => Years.Contains(year);

    public bool IsHoliday(DateOnly day) => _holidays.Contains(day);

    public bool IsWorkingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day);

    /// <summary>The <paramref name="count"/>th working day after <paramref name="from"/> (not counting it).</summary>
    public DateOnly AddWorkingDays(DateOnly from, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var day = from;
        for (var left = count; left > 0;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                left--;
            }
        }

        return day;
    }

    /// <summary>An answer asked for at <paramref name="asked"/> is due by the end (Hong Kong midnight) of the
    /// <paramref name="workingDays"/>th working day after the day it was asked.</summary>
    public DateTimeOffset AnswerDeadline(DateTimeOffset asked, int workingDays)
    {
        var last = AddWorkingDays(PortalCultures.DateInHongKong(asked), workingDays);
        return PortalCultures.StartOfDayUtc(last.AddDays(1));
    }

    private static List<DateOnly> LoadHongKong()
    {
        using var stream = typeof(WorkingDays).Assembly.GetManifestResourceStream("Portal.Matching.hk-public-holidays.json")
            ?? throw new InvalidOperationException("The Hong Kong holiday list is missing from Portal.Matching.");
        using var json = JsonDocument.Parse(stream);
        return [.. json.RootElement.GetProperty("holidays").EnumerateArray()
            .Select(h => DateOnly.ParseExact(h.GetProperty("date").GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))];
    }
}
