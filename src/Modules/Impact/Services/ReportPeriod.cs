using System.Globalization;
using Portal.Globalization;

namespace Portal.Impact.Services;

/// <summary>A period of Hong Kong dates, both ends included.</summary>
public sealed record ReportPeriod(DateOnly From, DateOnly To)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>
    /// The period to compare with: for a period that starts on the first of a month, the same dates as many whole
    /// months earlier (this year so far → the same part of last year; a quarter → the quarter before); otherwise the
    /// period of equal length that ends the day before this one starts.
    /// </summary>
    public ReportPeriod Previous()
    {
        if (From.Day == 1)
        {
            var months = (To.Year - From.Year) * 12 + To.Month - From.Month + 1;
            if (From.Month == 1 && To.Year == From.Year)
            {
                months = 12; // the year so far, or the whole year: the same dates a year earlier
            }

            var lastDay = To.AddMonths(-months);
            var isMonthEnd = To.AddDays(1).Day == 1;
            if (isMonthEnd)
            {
                lastDay = new DateOnly(lastDay.Year, lastDay.Month, DateTime.DaysInMonth(lastDay.Year, lastDay.Month));
            }

            return new ReportPeriod(From.AddMonths(-months), lastDay);
        }

        return new ReportPeriod(From.AddDays(-Days), From.AddDays(-1));
    }

    /// <summary>The first day of every month the period touches.</summary>
    public IReadOnlyList<DateOnly> Months()
    {
        var months = new List<DateOnly>();
        for (var m = new DateOnly(From.Year, From.Month, 1); m <= To; m = m.AddMonths(1))
        {
            months.Add(m);
        }

        return months;
    }

    /// <summary>"1 Jan 2026 – 31 Dec 2026" in the current language.</summary>
    public string Text => PortalCultures.FormatDate(From) + " – " + PortalCultures.FormatDate(To);

    public string FromIso => From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public string ToIso => To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The date-range presets of the dashboard.</summary>
public static class PeriodPresets
{
    public const string ThisYear = "this-year";
    public const string LastYear = "last-year";
    public const string Last12Months = "last-12-months";
    public const string Custom = "custom";

    public static readonly IReadOnlyList<string> All = [ThisYear, LastYear, Last12Months, Custom];

    /// <summary>The English label (a resource key).</summary>
    public static string Label(string preset) => preset switch
    {
        ThisYear => "This year",
        LastYear => "Last year",
        Last12Months => "Last 12 months",
        _ => "Custom dates",
    };
}

/// <summary>What the person chose, and the period it means (or the problem, as an English resource key).</summary>
public sealed record PeriodChoice(string Preset, string? FromText, string? ToText, ReportPeriod Period, string? Error, string? ErrorField);

/// <summary>Turns the date-range chooser's query string into a period. Never throws on bad input.</summary>
public static class PeriodChooser
{
    /// <summary>The longest period a report may cover (ten years).</summary>
    public const int MaxDays = 3660;

    public static PeriodChoice Choose(string? preset, string? from, string? to, DateOnly today)
    {
        var thisYear = new ReportPeriod(new DateOnly(today.Year, 1, 1), today);
        preset = string.IsNullOrWhiteSpace(preset) ? (string.IsNullOrWhiteSpace(from) && string.IsNullOrWhiteSpace(to) ? PeriodPresets.ThisYear : PeriodPresets.Custom) : preset.Trim();
        switch (preset)
        {
            case PeriodPresets.ThisYear:
                return Ok(preset, thisYear);
            case PeriodPresets.LastYear:
                return Ok(preset, new ReportPeriod(new DateOnly(today.Year - 1, 1, 1), new DateOnly(today.Year - 1, 12, 31)));
            case PeriodPresets.Last12Months:
                return Ok(preset, new ReportPeriod(today.AddMonths(-12).AddDays(1), today));
            case PeriodPresets.Custom:
                break;
            default:
                return new PeriodChoice(PeriodPresets.ThisYear, from, to, thisYear, "Choose one of the periods offered.", "period");
        }

        if (!TryParse(from, out var fromDate))
        {
            return new PeriodChoice(preset, from, to, thisYear, "Enter the first day as a date, e.g. 2026-01-01.", "from");
        }

        if (!TryParse(to, out var toDate))
        {
            return new PeriodChoice(preset, from, to, thisYear, "Enter the last day as a date, e.g. 2026-12-31.", "to");
        }

        if (fromDate > toDate)
        {
            return new PeriodChoice(preset, from, to, thisYear, "The first day must be on or before the last day.", "from");
        }

        if (toDate.DayNumber - fromDate.DayNumber + 1 > MaxDays)
        {
            return new PeriodChoice(preset, from, to, thisYear, "Choose a period of ten years or less.", "from");
        }

        return new PeriodChoice(preset, from, to, new ReportPeriod(fromDate, toDate), null, null);
    }

    private static PeriodChoice Ok(string preset, ReportPeriod period) => new(preset, period.FromIso, period.ToIso, period, null, null);

    private static bool TryParse(string? text, out DateOnly date)
    {
        date = default;
        return !string.IsNullOrWhiteSpace(text)
            && DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            && date.Year is >= 2000 and <= 2100;
    }
}
