using System.Globalization;
using System.Text;
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

/// <summary>The centre's own marks on its certificates (from <see cref="AcademyOptions"/>).</summary>
/// <param name="LogoImage">The logo or seal (PNG/JPEG bytes); null draws a red seal of <paramref name="SealText"/>.</param>
public sealed record CertificateLook(
    string SignatoryNameZh,
    string SignatoryNameEn,
    string SignatoryTitleZh,
    string SignatoryTitleEn,
    string SealText,
    byte[]? LogoImage)
{
    public static CertificateLook Default { get; } = From(new AcademyOptions());

    public static CertificateLook From(AcademyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        byte[]? logo = null;
        if (!string.IsNullOrWhiteSpace(options.LogoPath) && File.Exists(options.LogoPath))
        {
            logo = File.ReadAllBytes(options.LogoPath);
        }

        var seal = string.IsNullOrWhiteSpace(options.SealText) ? options.IssuerZh : options.SealText.Trim();
        var runes = seal.EnumerateRunes().Where(r => !Rune.IsWhiteSpace(r)).Select(r => r.ToString()).ToList();
        return new CertificateLook(options.SignatoryNameZh.Trim(), options.SignatoryNameEn.Trim(), options.SignatoryTitleZh.Trim(),
            options.SignatoryTitleEn.Trim(), string.Concat(runes.Skip(Math.Max(0, runes.Count - 4))), logo);
    }
}

/// <summary>
/// Draws the bilingual A4 (landscape) certificate as a PDF through the host's <see cref="IPdfDocumentFactory"/>: the
/// certificate's title, the holder's name and the course in a serif display face, the wording split around them so
/// nothing is printed twice, the signatory, the centre's seal or logo and a QR code to verify it. Fonts are embedded
/// as subsets; every character of the holder's name is drawn or the certificate is refused before it is issued
/// (<see cref="MissingCharacters"/>).
/// </summary>
public sealed class CertificatePdfRenderer(IPdfDocumentFactory documents, CertificateLook? look = null)
{
    internal const float Width = 842f;
    internal const float Height = 595f;

    private static readonly PdfColor Navy = new(0x1B, 0x3A, 0x5C);
    private static readonly PdfColor Gold = new(0xA6, 0x83, 0x35);
    private static readonly PdfColor Ink = new(0x22, 0x22, 0x22);
    private static readonly PdfColor Grey = new(0x4F, 0x55, 0x5C);
    private static readonly PdfColor SealRed = new(0xB3, 0x26, 0x1E);
    private static readonly PdfColor Paper = new(0xFF, 0xFD, 0xF7);

    private readonly CertificateLook _look = look ?? CertificateLook.Default;

    /// <summary>The characters of the certificate's text that no font can draw (empty: it can be issued).</summary>
    public IReadOnlyList<int> MissingCharacters(CertificateDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var page = CertificatePage.From(document, _look);
        return documents.MissingCharacters(string.Join('\n', page.AllText()));
    }

    public byte[] Render(CertificateDocument document)
    {
        using var pdf = Draw(document, preview: false);
        return pdf.ToArray();
    }

    /// <summary>The certificate as staff would issue it, marked as a preview: a PDF, or a PNG picture of it.</summary>
    public byte[] Preview(CertificateDocument document, bool png)
    {
        using var pdf = Draw(document, preview: true);
        return png ? pdf.ToPng(0, 1.5f) : pdf.ToArray();
    }

    private IPdfDocument Draw(CertificateDocument document, bool preview)
    {
        ArgumentNullException.ThrowIfNull(document);
        var page = CertificatePage.From(document, _look);
        var pdf = documents.Create(new PdfDocumentInfo(
            $"{document.CourseTitleZh} 結業證書 · Certificate of Completion: {document.CourseTitleEn}", document.IssuedUtc)
        {
            Author = $"{document.IssuerZh} {document.IssuerEn}",
            Subject = $"{document.HolderName} · 核實編號 Verification code {CertificateCodeText(document.Code)}",
            Creator = "Portal Academy",
            Language = "zh-HK",
        });
        DrawPage(pdf.AddPage(Width, Height), page, QrPayload(document.VerifyUrl), preview);
        return pdf;
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

    private void DrawPage(IPdfPage canvas, CertificatePage page, string qrPayload, bool preview)
    {
        const float center = Width / 2;
        const float textWidth = Width - 240;
        const PdfFontFace display = PdfFontFace.Display;

        // Paper, a navy frame and a fine gold rule inside it, with small gold corner squares.
        canvas.Rectangle(new PdfRect(0, 0, Width, Height), Paper);
        canvas.Rectangle(new PdfRect(22, 22, Width - 44, Height - 44), null, new PdfStroke(Navy, 2.5f));
        canvas.Rectangle(new PdfRect(30, 30, Width - 60, Height - 60), null, new PdfStroke(Gold, 0.8f));
        foreach (var (cx, cy) in new[] { (30f, 30f), (Width - 30, 30f), (30f, Height - 30), (Width - 30, Height - 30) })
        {
            canvas.Rectangle(new PdfRect(cx - 4, cy - 4, 8, 8), Gold);
        }

        if (preview)
        {
            canvas.Text("預覽 · 未發出  Preview · not issued", Width - 44, 50, 9, SealRed, PdfTextAlign.Right);
        }

        var top = 72f;
        if (_look.LogoImage is { } logo)
        {
            canvas.Image(logo, new PdfRect(center - 24, 40, 48, 48));
            top = 104;
        }

        canvas.Text(page.Issuer, center, top, 10.5f, Grey, PdfTextAlign.Center);
        canvas.Text(page.HeadingZh, center, top + 46, 34, Navy, PdfTextAlign.Center, display);
        canvas.Text(page.HeadingEn, center, top + 70, 12.5f, Gold, PdfTextAlign.Center, display);
        var rule = new PdfStroke(Gold, 0.8f);
        canvas.Line(center - 90, top + 84, center - 8, top + 84, rule);
        canvas.Circle(center, top + 84, 2.2f, Gold);
        canvas.Line(center + 8, top + 84, center + 90, top + 84, rule);

        var y = top + 124;
        canvas.Text(page.Lead, center, y, 11.5f, Grey, PdfTextAlign.Center);
        y += 48;
        y = canvas.TextBlock(page.HolderName, center, y, textWidth, 32, 38, Navy, PdfTextAlign.Center, display);
        canvas.Line(center - 170, y - 26, center + 170, y - 26, rule);
        y += 6;
        canvas.Text(page.Middle, center, y, 11.5f, Grey, PdfTextAlign.Center);
        y += 36;
        y = canvas.TextBlock(page.CourseTitleZh, center, y, textWidth, 21, 27, Navy, PdfTextAlign.Center, display);
        y = canvas.TextBlock(page.CourseTitleEn, center, y - 4, textWidth, 14, 19, Ink, PdfTextAlign.Center, display);
        y += 10;
        if (page.TailZh.Length > 0)
        {
            y = canvas.TextBlock(page.TailZh, center, y, textWidth, 11.5f, 17, Ink, PdfTextAlign.Center);
        }

        if (page.TailEn.Length > 0)
        {
            y = canvas.TextBlock(page.TailEn, center, y, textWidth, 10.5f, 15, Grey, PdfTextAlign.Center);
        }

        y += 10;
        canvas.Text(page.DateLine, center, y, 10, Ink, PdfTextAlign.Center);
        if (page.ExpiryLine is not null)
        {
            canvas.Text(page.ExpiryLine, center, y + 15, 10, Grey, PdfTextAlign.Center);
        }

        // Signatory, bottom left: a line to sign on, the name and the title in both languages.
        const float bottom = Height - 58;
        canvas.Line(84, bottom - 34, 304, bottom - 34, new PdfStroke(Ink, 0.7f));
        var signY = bottom - 18;
        if (page.SignatoryName.Length > 0)
        {
            canvas.Text(page.SignatoryName, 84, signY, 11.5f, Ink, PdfTextAlign.Left, display);
            signY += 14;
        }

        canvas.Text(page.SignatoryTitle, 84, signY, 9.5f, Grey);

        // The centre's seal (or logo when one is set and already printed at the top, a red seal here anyway).
        DrawSeal(canvas, center, bottom - 30);

        // QR code and verification code, bottom right.
        const float qrSize = 66;
        canvas.QrCode(qrPayload, Width - 84 - qrSize, bottom - qrSize - 26, qrSize);
        canvas.Text(page.CodeLine, Width - 84, bottom - 10, 9, Ink, PdfTextAlign.Right);
        canvas.Text(page.VerifyLine, Width - 84, bottom + 4, 8, Grey, PdfTextAlign.Right);
    }

    /// <summary>A square red seal with up to four characters in two columns, read top to bottom, right to left.</summary>
    private void DrawSeal(IPdfPage canvas, float centerX, float centerY)
    {
        const float size = 58;
        var left = centerX - size / 2;
        var top = centerY - size / 2;
        canvas.Rectangle(new PdfRect(left, top, size, size), SealRed);
        canvas.Rectangle(new PdfRect(left + 3, top + 3, size - 6, size - 6), null, new PdfStroke(Paper, 1.2f));
        var chars = _look.SealText.EnumerateRunes().Select(r => r.ToString()).ToList();
        if (chars.Count == 0)
        {
            return;
        }

        if (chars.Count < 4)
        {
            canvas.Text(string.Concat(chars), centerX, centerY + 7, chars.Count == 1 ? 26 : 40f / chars.Count + 4, Paper, PdfTextAlign.Center, PdfFontFace.Display);
            return;
        }

        // Traditional order: right column first, top to bottom.
        float[] xs = [centerX + size / 4 - 1, centerX - size / 4 + 1];
        float[] ys = [centerY - 3, centerY + 19];
        for (var i = 0; i < 4; i++)
        {
            canvas.Text(chars[i], xs[i / 2], ys[i % 2], 19, Paper, PdfTextAlign.Center, PdfFontFace.Display);
        }
    }

    internal static string CertificateCodeText(string code) => Models.CertificateCode.Format(code);
}

/// <summary>The text lines of a certificate page, prepared once so the font subset holds exactly these characters.
/// The wording is split around the holder's name and the course title, which are printed large once each.</summary>
internal sealed record CertificatePage(
    string Issuer,
    string HeadingZh,
    string HeadingEn,
    string Lead,
    string HolderName,
    string Middle,
    string CourseTitleZh,
    string CourseTitleEn,
    string TailZh,
    string TailEn,
    string DateLine,
    string? ExpiryLine,
    string SignatoryName,
    string SignatoryTitle,
    string SealText,
    string CodeLine,
    string VerifyLine)
{
    public static CertificatePage From(CertificateDocument d, CertificateLook look)
    {
        var inv = CultureInfo.InvariantCulture;
        var zh = Split(d.WordingZh, d.HolderName, d.CourseTitleZh, "茲證明", "已完成");
        var en = Split(d.WordingEn, d.HolderName, d.CourseTitleEn, "This is to certify that", "has completed");
        var hours = d.Hours is { } h ? h.ToString("0.#", inv) : null;
        var hoursShown = hours is not null && (d.WordingZh.Contains(hours, StringComparison.Ordinal) || d.WordingEn.Contains(hours, StringComparison.Ordinal));
        var date = $"完成日期 {d.CompletedOn.ToString("yyyy年M月d日", inv)}  ·  Completed on {d.CompletedOn.ToString("d MMMM yyyy", inv)}";
        if (hours is not null && !hoursShown)
        {
            date += $"  ·  學習時數 {hours} 小時 / {hours} hours";
        }

        return new CertificatePage(
            $"{d.IssuerZh}  ·  {d.IssuerEn}",
            "結業證書",
            "CERTIFICATE OF COMPLETION",
            $"{zh.Lead}  {en.Lead}",
            d.HolderName,
            $"{zh.Middle}  {en.Middle}",
            d.CourseTitleZh,
            d.CourseTitleEn,
            zh.Tail,
            en.Tail,
            date,
            d.ExpiresOn is { } e ? $"有效期至 {e.ToString("yyyy年M月d日", inv)}  ·  Valid until {e.ToString("d MMMM yyyy", inv)}" : null,
            string.Join("  ", new[] { look.SignatoryNameZh, look.SignatoryNameEn }.Where(n => n.Length > 0)),
            string.Join("  ", new[] { look.SignatoryTitleZh, look.SignatoryTitleEn }.Where(n => n.Length > 0)),
            look.SealText,
            "核實編號 Verification code: " + CertificatePdfRenderer.CertificateCodeText(d.Code),
            d.VerifyUrl);
    }

    /// <summary>Every piece of text the page prints.</summary>
    public IEnumerable<string> AllText() =>
        [Issuer, HeadingZh, HeadingEn, Lead, HolderName, Middle, CourseTitleZh, CourseTitleEn, TailZh, TailEn, DateLine,
         ExpiryLine ?? "", SignatoryName, SignatoryTitle, SealText, CodeLine, VerifyLine];

    /// <summary>The wording before the name, between the name and the course title, and after the title (quotation
    /// marks around the title dropped); a default for a missing part, the whole wording as the tail when it names neither.</summary>
    internal static (string Lead, string Middle, string Tail) Split(string wording, string name, string course, string defaultLead, string defaultMiddle)
    {
        const string openers = "「『《“\"'‘ ";
        const string closers = "」』》”\"'’ ";
        var at = name.Length > 0 ? wording.IndexOf(name, StringComparison.Ordinal) : -1;
        if (at < 0)
        {
            return (defaultLead, defaultMiddle, wording.Trim());
        }

        var lead = wording[..at].Trim();
        var after = wording[(at + name.Length)..];
        var courseAt = course.Length > 0 ? after.IndexOf(course, StringComparison.Ordinal) : -1;
        if (courseAt < 0)
        {
            return (lead.Length > 0 ? lead : defaultLead, defaultMiddle, after.Trim());
        }

        var middle = after[..courseAt].Trim().TrimEnd(openers.ToCharArray()).Trim();
        var tail = after[(courseAt + course.Length)..].TrimStart(closers.ToCharArray()).Trim();
        if (tail.StartsWith("課程", StringComparison.Ordinal) && middle.Length > 0)
        {
            // 「已完成「…」課程，共…」 reads 已完成課程 / the title / 共…: the word stays with the verb.
            middle += "課程";
            tail = tail[2..].TrimStart('，', ',', ' ');
        }
        return (lead.Length > 0 ? lead : defaultLead, middle.Length > 0 ? middle : defaultMiddle, tail);
    }
}
