using System.Globalization;

namespace Portal.Impact.Services;

/// <summary>
/// Small-number suppression, so that counts never point at individuals: a breakdown value from 1 to 4 shows as
/// "&lt; 5" everywhere (page, CSV, PDF, public page). Zero is shown (it reveals no one). When a breakdown has exactly
/// one suppressed part, the total minus the others would reveal it, so the next smallest part is suppressed too
/// (complementary suppression); a total below 5 is itself suppressed. Percentages are not head counts and are
/// not suppressed.
/// </summary>
public static class Suppression
{
    public const int Threshold = 5;
    public const string Text = "< 5";

    public static bool AppliesTo(string unit) => !string.Equals(unit, "percent", StringComparison.OrdinalIgnoreCase);

    /// <summary>Is this single value too small to show?</summary>
    public static bool IsSmall(decimal value, string unit) => AppliesTo(unit) && value > 0 && value < Threshold;

    /// <summary>Which parts of one breakdown to hide (indexes), primary and complementary.</summary>
    public static IReadOnlySet<int> HiddenParts(IReadOnlyList<decimal> values, string unit)
    {
        var hidden = new HashSet<int>();
        if (!AppliesTo(unit))
        {
            return hidden;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] > 0 && values[i] < Threshold)
            {
                hidden.Add(i);
            }
        }

        if (hidden.Count == 1)
        {
            var next = Enumerable.Range(0, values.Count)
                .Where(i => !hidden.Contains(i) && values[i] > 0)
                .OrderBy(i => values[i])
                .Select(i => (int?)i)
                .FirstOrDefault();
            if (next is { } index)
            {
                hidden.Add(index);
            }
        }

        return hidden;
    }

    /// <summary>The value as shown: "&lt; 5" when hidden, else formatted for its unit.</summary>
    public static string Format(decimal value, string unit, bool hidden, CultureInfo culture) =>
        hidden ? Text : FormatValue(value, unit, culture);

    public static string FormatValue(decimal value, string unit, CultureInfo culture) => unit switch
    {
        "percent" => value.ToString("0.#", culture) + "%",
        _ => value.ToString("#,0.##", culture),
    };
}
