using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Portal.Hosting.Documents;

/// <summary>
/// Adds the document language (<c>/Lang</c>, read by screen readers and PDF/UA checkers) to a PDF's catalogue, which
/// Skia's writer does not set: an incremental update (ISO 32000-1 §7.5.6) appends a new version of the catalogue, a
/// cross-reference section for it and a trailer pointing back at the original, so nothing already written moves.
/// </summary>
internal static partial class PdfCatalog
{
    [GeneratedRegex(@"/Root\s+(\d+)\s+0\s+R")]
    private static partial Regex Root();

    [GeneratedRegex(@"/Size\s+(\d+)")]
    private static partial Regex Size();

    [GeneratedRegex(@"/Info\s+(\d+)\s+0\s+R")]
    private static partial Regex Info();

    [GeneratedRegex(@"/ID\s*\[[^\]]*\]")]
    private static partial Regex Id();

    public static byte[] AddLanguage(byte[] pdf, string language)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        if (!language.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException("A language is a BCP 47 tag such as zh-HK.", nameof(language));
        }

        var text = Encoding.Latin1.GetString(pdf);
        var startXref = text.LastIndexOf("startxref", StringComparison.Ordinal);
        var trailerAt = text.LastIndexOf("trailer", StringComparison.Ordinal);
        if (startXref < 0 || trailerAt < 0 || trailerAt > startXref)
        {
            return pdf; // not the classic layout Skia writes: leave the file as it is
        }

        var trailer = text[trailerAt..startXref];
        var root = Root().Match(trailer);
        var size = Size().Match(trailer);
        if (!root.Success || !size.Success)
        {
            return pdf;
        }

        var previous = long.Parse(text[(startXref + "startxref".Length)..].Trim().Split('\n', '\r')[0], CultureInfo.InvariantCulture);
        var rootNumber = root.Groups[1].Value;
        var objectStart = Regex.Match(text, @"(?:^|[\r\n])" + rootNumber + @"\s+0\s+obj\b");
        if (!objectStart.Success)
        {
            return pdf;
        }

        var dictionaryStart = text.IndexOf("<<", objectStart.Index, StringComparison.Ordinal);
        var objectEnd = text.IndexOf("endobj", objectStart.Index, StringComparison.Ordinal);
        var dictionaryEnd = text.LastIndexOf(">>", objectEnd, StringComparison.Ordinal);
        if (dictionaryStart < 0 || objectEnd < 0 || dictionaryEnd < dictionaryStart)
        {
            return pdf;
        }

        var catalogue = text[dictionaryStart..dictionaryEnd];
        if (catalogue.Contains("/Lang", StringComparison.Ordinal))
        {
            return pdf;
        }

        var update = new StringBuilder();
        var offset = pdf.Length + 1;
        update.Append('\n');
        update.Append(CultureInfo.InvariantCulture, $"{rootNumber} 0 obj\n{catalogue} /Lang ({language})>>\nendobj\n");
        var xref = pdf.Length + Encoding.Latin1.GetByteCount(update.ToString());
        update.Append(CultureInfo.InvariantCulture, $"xref\n0 1\n0000000000 65535 f \n{rootNumber} 1\n{offset:D10} 00000 n \n");
        update.Append(CultureInfo.InvariantCulture, $"trailer\n<</Size {size.Groups[1].Value} /Root {rootNumber} 0 R");
        var info = Info().Match(trailer);
        if (info.Success)
        {
            update.Append(CultureInfo.InvariantCulture, $" /Info {info.Groups[1].Value} 0 R");
        }

        var id = Id().Match(trailer);
        if (id.Success)
        {
            update.Append(' ').Append(id.Value);
        }

        update.Append(CultureInfo.InvariantCulture, $" /Prev {previous}>>\nstartxref\n{xref}\n%%EOF\n");
        return [.. pdf, .. Encoding.Latin1.GetBytes(update.ToString())];
    }
}
