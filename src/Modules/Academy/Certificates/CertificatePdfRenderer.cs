using System.Globalization;
using System.Text;
using QRCoder;
using SkiaSharp;

namespace Portal.Academy.Certificates;

/// <summary>Everything printed on a certificate.</summary>
public sealed record CertificateDocument(
    string HolderName,
    string CourseTitleZh,
    string CourseTitleEn,
    decimal Hours,
    DateOnly CompletedOn,
    string IssuerZh,
    string IssuerEn,
    string WordingZh,
    string WordingEn,
    string Code,
    string VerifyUrl,
    DateOnly? ExpiresOn,
    DateTimeOffset IssuedUtc);

/// <summary>
/// Draws the bilingual A4 (landscape) certificate as a PDF with SkiaSharp: the CJK font is embedded as a subset
/// of just the characters used, text stays extractable, and the QR code is embedded losslessly.
/// </summary>
public sealed class CertificatePdfRenderer(CertificateFonts fonts)
{
    internal const float Width = 842f;
    internal const float Height = 595f;

    public byte[] Render(CertificateDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var page = CertificatePage.From(document);
        var typeface = fonts.SubsetFor(page.AllText);
        var qrPng = QrPng(document.VerifyUrl);
        return Draw(page, typeface, qrPng, document);
    }

    /// <summary>The PNG of the QR code that points at <paramref name="url"/> (4 pixels per module).</summary>
    internal static byte[] QrPng(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(QrPayload(url), QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(4);
    }

    /// <summary>
    /// The URL in capitals when that is all it takes to fit QR's alphanumeric mode (0–9, A–Z, space and
    /// <c>$%*+-./:</c>): the code gets fewer, larger modules, so it scans more easily from paper and is quicker to
    /// make. Scheme, host and the portal's routes are case-insensitive and codes are upper-case already.
    /// </summary>
    internal static string QrPayload(string url)
    {
        const string alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
        var upper = url.ToUpperInvariant();
        return upper.All(c => alphanumeric.Contains(c, StringComparison.Ordinal)) ? upper : url;
    }

    /// <summary>Draws a prepared page. Also used by the benchmark as the "bare SkiaSharp" baseline.</summary>
    internal static byte[] Draw(CertificatePage page, SKTypeface typeface, byte[] qrPng, CertificateDocument document)
    {
        using var stream = new MemoryStream(32 * 1024);
        var metadata = new SKDocumentPdfMetadata
        {
            Title = "證書 Certificate " + CertificateCodeText(document.Code),
            Author = document.IssuerEn,
            Creator = "Portal Academy",
            Producer = "Portal Academy (SkiaSharp)",
            Creation = document.IssuedUtc.UtcDateTime,
            Modified = document.IssuedUtc.UtcDateTime,
            RasterDpi = 72,
            EncodingQuality = 101, // > 100 keeps images lossless (no JPEG): the QR code must stay sharp
        };
        using (var pdf = SKDocument.CreatePdf(stream, metadata))
        {
            var canvas = pdf.BeginPage(Width, Height);
            DrawPage(canvas, page, typeface, qrPng);
            pdf.EndPage();
            pdf.Close();
        }

        return stream.ToArray();
    }

    private static void DrawPage(SKCanvas canvas, CertificatePage page, SKTypeface typeface, byte[] qrPng)
    {
        var navy = new SKColor(0x1B, 0x3A, 0x5C);
        var gold = new SKColor(0xB0, 0x8D, 0x3C);
        var ink = new SKColor(0x22, 0x22, 0x22);
        var grey = new SKColor(0x55, 0x55, 0x55);

        using var border = new SKPaint { Color = navy, Style = SKPaintStyle.Stroke, StrokeWidth = 3, IsAntialias = true };
        using var thin = new SKPaint { Color = gold, Style = SKPaintStyle.Stroke, StrokeWidth = 1, IsAntialias = true };
        canvas.DrawRect(24, 24, Width - 48, Height - 48, border);
        canvas.DrawRect(32, 32, Width - 64, Height - 64, thin);

        using var navyPaint = new SKPaint { Color = navy, IsAntialias = true };
        using var inkPaint = new SKPaint { Color = ink, IsAntialias = true };
        using var greyPaint = new SKPaint { Color = grey, IsAntialias = true };
        using var goldPaint = new SKPaint { Color = gold, IsAntialias = true };
        using var title = NewFont(typeface, 30);
        using var titleEn = NewFont(typeface, 16);
        using var body = NewFont(typeface, 12.5f);
        using var name = NewFont(typeface, 28);
        using var course = NewFont(typeface, 18);
        using var small = NewFont(typeface, 10);

        const float center = Width / 2;
        const float textWidth = Width - 200;
        var y = 84f;
        canvas.DrawText(page.HeadingZh, center, y, SKTextAlign.Center, title, navyPaint);
        y += 24;
        canvas.DrawText(page.HeadingEn, center, y, SKTextAlign.Center, titleEn, goldPaint);
        y += 34;

        foreach (var line in Wrap(page.WordingZh, body, textWidth))
        {
            canvas.DrawText(line, center, y, SKTextAlign.Center, body, inkPaint);
            y += 18;
        }

        foreach (var line in Wrap(page.WordingEn, body, textWidth))
        {
            canvas.DrawText(line, center, y, SKTextAlign.Center, body, greyPaint);
            y += 18;
        }

        y += 26;
        foreach (var line in Wrap(page.HolderName, name, textWidth))
        {
            canvas.DrawText(line, center, y, SKTextAlign.Center, name, navyPaint);
            y += 34;
        }

        using var rule = new SKPaint { Color = gold, StrokeWidth = 1 };
        canvas.DrawLine(center - 180, y - 22, center + 180, y - 22, rule);
        y += 4;
        foreach (var line in Wrap(page.CourseTitleZh, course, textWidth))
        {
            canvas.DrawText(line, center, y, SKTextAlign.Center, course, inkPaint);
            y += 24;
        }

        foreach (var line in Wrap(page.CourseTitleEn, course, textWidth))
        {
            canvas.DrawText(line, center, y, SKTextAlign.Center, course, greyPaint);
            y += 24;
        }

        y += 8;
        canvas.DrawText(page.HoursLine, center, y, SKTextAlign.Center, body, inkPaint);
        y += 20;
        canvas.DrawText(page.DateLine, center, y, SKTextAlign.Center, body, inkPaint);
        if (page.ExpiryLine is not null)
        {
            y += 20;
            canvas.DrawText(page.ExpiryLine, center, y, SKTextAlign.Center, body, greyPaint);
        }

        // Issuer, bottom left.
        var bottom = Height - 60;
        canvas.DrawLine(70, bottom - 40, 330, bottom - 40, rule);
        canvas.DrawText(page.IssuerZh, 70, bottom - 22, SKTextAlign.Left, body, inkPaint);
        canvas.DrawText(page.IssuerEn, 70, bottom - 6, SKTextAlign.Left, small, greyPaint);

        // QR code and verification code, bottom right.
        const float qrSize = 92;
        var qrLeft = Width - 70 - qrSize;
        var qrTop = bottom - qrSize - 20;
        using (var image = SKImage.FromEncodedData(qrPng))
        {
            canvas.DrawImage(image, SKRect.Create(qrLeft, qrTop, qrSize, qrSize), new SKSamplingOptions(SKFilterMode.Nearest), null);
        }

        canvas.DrawText(page.CodeLine, Width - 70, bottom - 2, SKTextAlign.Right, small, inkPaint);
        canvas.DrawText(page.VerifyLine, Width - 70, bottom + 12, SKTextAlign.Right, small, greyPaint);
    }

    /// <summary>Unhinted, subpixel-positioned glyphs: the advances match the widths written in the PDF, so text
    /// extraction does not see false spaces inside words.</summary>
    internal static SKFont NewFont(SKTypeface typeface, float size) => new(typeface, size)
    {
        Hinting = SKFontHinting.None,
        Subpixel = true,
        LinearMetrics = true,
        Edging = SKFontEdging.SubpixelAntialias,
    };

    /// <summary>Breaks text into lines that fit: between words in Latin scripts, between any two characters in Chinese.</summary>
    internal static IReadOnlyList<string> Wrap(string text, SKFont font, float maxWidth)
    {
        var lines = new List<string>();
        var tokens = Tokens(text);
        var current = new StringBuilder();
        foreach (var token in tokens)
        {
            var candidate = current.ToString() + token;
            if (current.Length > 0 && font.MeasureText(candidate) > maxWidth)
            {
                lines.Add(current.ToString().TrimEnd());
                current.Clear();
                if (token.Trim().Length == 0)
                {
                    continue;
                }
            }

            current.Append(token);
        }

        if (current.ToString().Trim().Length > 0)
        {
            lines.Add(current.ToString().TrimEnd());
        }

        return lines;
    }

    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            var wide = rune.Value >= 0x2E80;
            if (Rune.IsWhiteSpace(rune) || wide)
            {
                if (word.Length > 0)
                {
                    tokens.Add(word.ToString());
                    word.Clear();
                }

                tokens.Add(rune.ToString());
            }
            else
            {
                word.Append(rune.ToString());
            }
        }

        if (word.Length > 0)
        {
            tokens.Add(word.ToString());
        }

        return tokens;
    }

    internal static string CertificateCodeText(string code) => Models.CertificateCode.Format(code);
}

/// <summary>The text lines of a certificate page, prepared once so the font subset holds exactly these characters.</summary>
internal sealed record CertificatePage(
    string HeadingZh,
    string HeadingEn,
    string WordingZh,
    string WordingEn,
    string HolderName,
    string CourseTitleZh,
    string CourseTitleEn,
    string HoursLine,
    string DateLine,
    string? ExpiryLine,
    string IssuerZh,
    string IssuerEn,
    string CodeLine,
    string VerifyLine)
{
    public string AllText => string.Concat(HeadingZh, HeadingEn, WordingZh, WordingEn, HolderName, CourseTitleZh, CourseTitleEn,
        HoursLine, DateLine, ExpiryLine, IssuerZh, IssuerEn, CodeLine, VerifyLine);

    public static CertificatePage From(CertificateDocument d)
    {
        var inv = CultureInfo.InvariantCulture;
        var hours = d.Hours.ToString("0.#", inv);
        return new CertificatePage(
            "結業證書",
            "Certificate of Completion",
            d.WordingZh,
            d.WordingEn,
            d.HolderName,
            d.CourseTitleZh,
            d.CourseTitleEn,
            $"學習時數 Hours: {hours}",
            $"完成日期 Completed on: {d.CompletedOn.ToString("yyyy年M月d日", inv)} / {d.CompletedOn.ToString("d MMMM yyyy", inv)}",
            d.ExpiresOn is { } e ? $"有效期至 Valid until: {e.ToString("yyyy年M月d日", inv)} / {e.ToString("d MMMM yyyy", inv)}" : null,
            d.IssuerZh,
            d.IssuerEn,
            "核實編號 Verification code: " + CertificatePdfRenderer.CertificateCodeText(d.Code),
            d.VerifyUrl);
    }
}
