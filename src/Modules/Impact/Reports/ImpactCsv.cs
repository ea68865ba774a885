using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Portal.Impact.Services;

namespace Portal.Impact.Reports;

/// <summary>
/// The figures as one long CSV table (UTF-8 with BOM so spreadsheet programs read the Chinese): one row per figure
/// and per breakdown part, suppressed values written as "&lt; 5", then the targets. Cells that start like a formula
/// are escaped (CsvHelper's injection protection).
/// </summary>
public static class ImpactCsv
{
    public static readonly string[] Header =
        ["period_from", "period_to", "section", "metric_key", "metric", "unit", "dimension", "part_key", "part", "value", "previous_period_value", "goal", "plan"];

    public static byte[] Write(ImpactReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var culture = CultureInfo.InvariantCulture;
        using var stream = new MemoryStream();
        using (var text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        using (var csv = new CsvWriter(text, Configuration))
        {
            WriteRecord(csv, Header);
            foreach (var section in report.Sections)
            {
                foreach (var metric in section.Metrics)
                {
                    var target = report.Targets.FirstOrDefault(t => t.MetricKey == metric.Key);
                    Row(csv, report, section.Title, metric.Key, metric.Label, metric.Unit, "", "", "",
                        Value(metric.Value, metric.Hidden), metric.Previous is { } p ? Value(p, metric.PreviousHidden) : "",
                        target?.Goal.ToString("0.##", culture) ?? "", target?.Plan ?? "");
                    foreach (var breakdown in metric.Breakdowns)
                    {
                        foreach (var part in breakdown.Parts)
                        {
                            Row(csv, report, section.Title, metric.Key, metric.Label, metric.Unit, breakdown.Dimension, part.Key, part.Label,
                                Value(part.Value, part.Hidden), "", "", "");
                        }
                    }
                }
            }

            foreach (var target in report.Targets.Where(t => !t.HasData))
            {
                Row(csv, report, "", target.MetricKey, target.Label, target.Unit, "", "", "", "", "", target.Goal.ToString("0.##", culture), target.Plan);
            }
        }

        return stream.ToArray();
    }

    private static string Value(decimal value, bool hidden) => hidden ? Suppression.Text : value.ToString(CultureInfo.InvariantCulture);

    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
    };

    private static void Row(CsvWriter csv, ImpactReport report, params string[] fields) =>
        WriteRecord(csv, [report.Period.FromIso, report.Period.ToIso, .. fields]);

    private static void WriteRecord(CsvWriter csv, IEnumerable<string> fields)
    {
        foreach (var field in fields)
        {
            csv.WriteField(field);
        }

        csv.NextRecord();
    }
}
