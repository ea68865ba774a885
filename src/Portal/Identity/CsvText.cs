using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Portal.Hosting.Identity;

/// <summary>
/// The host's CSV files (the personal-data export), written by CsvHelper: RFC 4180 quoting, CRLF line ends, UTF-8 with
/// a BOM so that Excel shows Chinese, and a leading quote for values a spreadsheet would run as a formula (CSV
/// injection: = + - @ tab and CR).
/// </summary>
internal static class CsvText
{
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\r\n",
        InjectionOptions = InjectionOptions.Escape,
    };

    public static byte[] Write(IEnumerable<IEnumerable<string?>> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        using (var csv = new CsvWriter(writer, Configuration))
        {
            foreach (var row in rows)
            {
                foreach (var field in row)
                {
                    csv.WriteField(field ?? string.Empty);
                }

                csv.NextRecord();
            }
        }

        return buffer.ToArray();
    }

    /// <summary>One value as it appears in a file (quoted and guarded as needed).</summary>
    public static string Field(string? value)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(writer, Configuration))
        {
            csv.WriteField(value ?? string.Empty);
        }

        return writer.ToString();
    }
}
