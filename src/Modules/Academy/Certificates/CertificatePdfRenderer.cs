using System.Globalization;
using Portal.Documents;

namespace Portal.Academy.Certificates;

/// <summary>Everything printed on a certificate. <paramref name="Hours"/> is null for a programme (e.g. a
/// completed mentorship), whose certificate has no hours line.</summary>
public sealed record CertificateDocument(
    string HolderName,
    string CourseTitleZh,
    string CourseTitleEn,
    decimal? Hours,
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
/// Draws the bilingual A4 (landscape) certificate as a PDF through the host's <see cref="IPdfDocumentFactory"/>: the
/// CJK font is embedded as a subset of just the characters used, text stays extractable, and the QR code is
/// embedded losslessly.
/// </summary>
public sealed class CertificatePdfRenderer(IPdfDocumentFactory documents)
{
    internal const float Width = 842f;
    internal const float Height = 595f;

    private static readonly PdfColor Navy = new(0x1B, 0x3A, 0x5C);
    private static readonly PdfColor Gold = new(0xB0, 0x8D, 0x3C);
    private static readonly PdfColor Ink = new(0x22, 0x22, 0x22);
    private static readonly PdfColor Grey = new(0x55, 0x55, 0x55);

    public byte[] Render(CertificateDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var page = CertificatePage.From(document);
        using var pdf = documents.Create(new PdfDocumentInfo("證書 Certificate " + CertificateCodeText(document.Code), document.IssuedUtc)
        {
            Author = document.IssuerEn,
            Creator = "Portal Academy",
        });
        DrawPage(pdf.AddPage(Width, Height), page, QrPayload(document.VerifyUrl));
        return pdf.ToArray();
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

    private static void DrawPage(IPdfPage canvas, CertificatePage page, string qrPayload)
    {
        canvas.Rectangle(new PdfRect(24, 24, Width - 48, Height - 48), null, new PdfStroke(Navy, 3));
        canvas.Rectangle(new PdfRect(32, 32, Width - 64, Height - 64), null, new PdfStroke(Gold, 1));

        const float title = 30, titleEn = 16, body = 12.5f, name = 28, course = 18, small = 10;
        const float center = Width / 2;
        const float textWidth = Width - 200;
        var y = 84f;
        canvas.Text(page.HeadingZh, center, y, title, Navy, PdfTextAlign.Center);
        y += 24;
        canvas.Text(page.HeadingEn, center, y, titleEn, Gold, PdfTextAlign.Center);
        y += 34;
        y = canvas.TextBlock(page.WordingZh, center, y, textWidth, body, 18, Ink, PdfTextAlign.Center);
        y = canvas.TextBlock(page.WordingEn, center, y, textWidth, body, 18, Grey, PdfTextAlign.Center);

        y += 26;
        y = canvas.TextBlock(page.HolderName, center, y, textWidth, name, 34, Navy, PdfTextAlign.Center);

        var rule = new PdfStroke(Gold, 1);
        canvas.Line(center - 180, y - 22, center + 180, y - 22, rule);
        y += 4;
        y = canvas.TextBlock(page.CourseTitleZh, center, y, textWidth, course, 24, Ink, PdfTextAlign.Center);
        y = canvas.TextBlock(page.CourseTitleEn, center, y, textWidth, course, 24, Grey, PdfTextAlign.Center);

        y += 8;
        if (page.HoursLine is not null)
        {
            canvas.Text(page.HoursLine, center, y, body, Ink, PdfTextAlign.Center);
            y += 20;
        }

        canvas.Text(page.DateLine, center, y, body, Ink, PdfTextAlign.Center);
        if (page.ExpiryLine is not null)
        {
            y += 20;
            canvas.Text(page.ExpiryLine, center, y, body, Grey, PdfTextAlign.Center);
        }

        // Issuer, bottom left.
        const float bottom = Height - 60;
        canvas.Line(70, bottom - 40, 330, bottom - 40, rule);
        canvas.Text(page.IssuerZh, 70, bottom - 22, body, Ink);
        canvas.Text(page.IssuerEn, 70, bottom - 6, small, Grey);

        // QR code and verification code, bottom right.
        const float qrSize = 92;
        canvas.QrCode(qrPayload, Width - 70 - qrSize, bottom - qrSize - 20, qrSize);
        canvas.Text(page.CodeLine, Width - 70, bottom - 2, small, Ink, PdfTextAlign.Right);
        canvas.Text(page.VerifyLine, Width - 70, bottom + 12, small, Grey, PdfTextAlign.Right);
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
    string? HoursLine,
    string DateLine,
    string? ExpiryLine,
    string IssuerZh,
    string IssuerEn,
    string CodeLine,
    string VerifyLine)
{
    public static CertificatePage From(CertificateDocument d)
    {
        var inv = CultureInfo.InvariantCulture;
        return new CertificatePage(
            "結業證書",
            "Certificate of Completion",
            d.WordingZh,
            d.WordingEn,
            d.HolderName,
            d.CourseTitleZh,
            d.CourseTitleEn,
            d.Hours is { } hours ? $"學習時數 Hours: {hours.ToString("0.#", inv)}" : null,
            $"完成日期 Completed on: {d.CompletedOn.ToString("yyyy年M月d日", inv)} / {d.CompletedOn.ToString("d MMMM yyyy", inv)}",
            d.ExpiresOn is { } e ? $"有效期至 Valid until: {e.ToString("yyyy年M月d日", inv)} / {e.ToString("d MMMM yyyy", inv)}" : null,
            d.IssuerZh,
            d.IssuerEn,
            "核實編號 Verification code: " + CertificatePdfRenderer.CertificateCodeText(d.Code),
            d.VerifyUrl);
    }
}
