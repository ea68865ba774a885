using System.Globalization;
using System.Net;
using System.Text;
using Portal.Impact.Services;

namespace Portal.Impact.Reports;

/// <summary>
/// A horizontal bar chart as accessible SVG, drawn on the server: <c>role="img"</c> with a <c>&lt;title&gt;</c> and
/// <c>&lt;desc&gt;</c> that give every figure, bars in <c>currentColor</c> (so the theme, the high-contrast theme and
/// forced colours decide the colour), every value written beside its bar, and suppressed values drawn as an
/// outlined, hatched bar labelled "&lt; 5" (never colour alone). The page shows the same numbers in a table.
/// </summary>
public static class SvgBarChart
{
    // Narrow enough that, scaled to a 390-pixel phone, the 15-unit text stays about 12 pixels high.
    private const int Width = 440;
    private const int LabelWidth = 120;
    private const int ValueWidth = 64;
    private const int Row = 30;
    private const int BarHeight = 18;

    public static string Render(string id, string title, string description, IReadOnlyList<ReportPart> parts, string unit, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var max = parts.Where(p => !p.Hidden).Select(p => p.Value).DefaultIfEmpty(0).Max();
        if (max <= 0)
        {
            max = Suppression.Threshold;
        }

        var barSpace = Width - LabelWidth - ValueWidth;
        var height = Math.Max(1, parts.Count) * Row + 10;
        var titleId = id + "-title";
        var descId = id + "-desc";
        var svg = new StringBuilder(1024 + parts.Count * 400);
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"impact-svg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"{titleId} {descId}\" focusable=\"false\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{titleId}\">{E(title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<desc id=\"{descId}\">{E(description)}</desc>");
        svg.Append(CultureInfo.InvariantCulture, $"<defs><pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"currentColor\" stroke-width=\"2\"/></pattern></defs>");
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            var y = 5 + i * Row;
            var textY = y + BarHeight - 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"impact-svg-label\" x=\"{LabelWidth - 8}\" y=\"{textY}\" text-anchor=\"end\">{E(Shorten(part.Label))}</text>");
            var display = part.Display(unit, culture);
            if (part.Hidden)
            {
                var w = Math.Max(6, (int)Math.Round(barSpace * (Suppression.Threshold / max)));
                w = Math.Min(w, barSpace);
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"impact-svg-suppressed\" x=\"{LabelWidth}\" y=\"{y}\" width=\"{w}\" height=\"{BarHeight}\" fill=\"url(#{id}-hatch)\" stroke=\"currentColor\" stroke-dasharray=\"3 2\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"impact-svg-value\" x=\"{LabelWidth + w + 6}\" y=\"{textY}\">{E(display)}</text>");
            }
            else
            {
                var w = part.Value <= 0 ? 0 : Math.Max(2, (int)Math.Round(barSpace * (part.Value / max)));
                if (w > 0)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"impact-svg-bar\" x=\"{LabelWidth}\" y=\"{y}\" width=\"{w}\" height=\"{BarHeight}\" fill=\"currentColor\"/>");
                }

                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"impact-svg-value\" x=\"{LabelWidth + w + 6}\" y=\"{textY}\">{E(display)}</text>");
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"impact-svg-axis\" x1=\"{LabelWidth}\" y1=\"0\" x2=\"{LabelWidth}\" y2=\"{height}\" stroke=\"currentColor\" stroke-width=\"1\"/>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>"Course participants by month: Jan 2026 12, Feb 2026 &lt; 5, …" for the chart's description.</summary>
    public static string Describe(string title, IReadOnlyList<ReportPart> parts, string unit, CultureInfo culture) =>
        title + ": " + string.Join(culture.Name.StartsWith("zh", StringComparison.Ordinal) ? "；" : "; ", parts.Select(p => p.Label + " " + p.Display(unit, culture))) + ".";

    private static string Shorten(string label) => label.Length > 14 ? label[..13] + "…" : label;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
