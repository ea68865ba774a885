using Microsoft.Extensions.Options;
using Portal.Academy.Certificates;
using Portal.Academy.Services;
using Portal.Hosting.Documents;
using static Portal.Academy.Tests.TestData;

namespace Portal.Academy.Tests;

public sealed class CertificatePdfTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("acad-pdf-").FullName;
    private readonly PdfFonts _fonts = new(Options.Create(new PdfOptions()));

    [Fact]
    public void Pdf_embeds_a_font_subset_keeps_text_extractable_and_the_qr_decodes()
    {
        var course = Course();
        var certificate = Completed(course).IssueCertificate(course, Issue(), Now);
        var bytes = new CertificatePdfRenderer(new SkiaPdfDocumentFactory(_fonts)).Render(CertificateService.ToDocument(certificate, "https://portal.example.org/"));
        var file = Path.Combine(_dir, "c.pdf");
        File.WriteAllBytes(file, bytes);

        Assert.True(bytes.Length <= 100 * 1024, $"PDF is {bytes.Length} bytes");
        var fonts = PdfTool.Run("pdffonts", file);
        var fontLines = fonts.Split('\n').Skip(2).Where(l => l.Trim().Length > 0).ToList();
        Assert.NotEmpty(fontLines);
        Assert.All(fontLines, l => Assert.Matches(@"\s+yes\s+(yes|no)\s+yes\s+", l)); // emb, sub (TrueType; CFF display fonts are Type 3), uni
        Assert.Contains(fontLines, l => l.Contains("CID TrueType", StringComparison.Ordinal));

        var text = PdfTool.Run("pdftotext", "-enc", "UTF-8", file, "-");
        Assert.Contains("陳大文 Chan Tai Man", text, StringComparison.Ordinal);
        Assert.Contains(certificate.FormattedCode, text, StringComparison.Ordinal);
        Assert.Contains("有效會議", text, StringComparison.Ordinal);
        Assert.Contains("Running effective meetings", text, StringComparison.Ordinal);

        var images = PdfTool.Run("pdfimages", "-list", file);
        Assert.DoesNotContain("jpeg", images, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("image", images, StringComparison.Ordinal);
        if (PdfTool.Exists("zbarimg"))
        {
            PdfTool.Run("pdftoppm", "-r", "200", "-png", "-singlefile", file, Path.Combine(_dir, "page"));
            var qr = PdfTool.Run("zbarimg", "-q", "--raw", Path.Combine(_dir, "page.png"));
            Assert.Equal("HTTPS://PORTAL.EXAMPLE.ORG/CERTIFICATES/VERIFY/" + certificate.Code, qr.Trim()); // alphanumeric mode
        }
    }

    [Fact]
    public void English_only_name_and_long_titles_wrap_without_losing_text()
    {
        var page = new CertificateDocument("Wong Siu Ming", "籌募經費入門：由小型活動到穩定捐款的自助組織實務", new string('x', 20) + " Fundraising basics for small self-help organisations: from small events to regular giving",
            7.5m, new DateOnly(2026, 1, 2), "自助組織培訓學院", "Academy", "茲證明", "This certifies", "0123456789ABCDEF", "http://localhost/certificates/verify/0123456789ABCDEF", new DateOnly(2028, 1, 2), Now);
        var file = Path.Combine(_dir, "w.pdf");
        File.WriteAllBytes(file, new CertificatePdfRenderer(new SkiaPdfDocumentFactory(_fonts)).Render(page));

        var text = PdfTool.Run("pdftotext", "-enc", "UTF-8", file, "-");
        Assert.Contains("Wong Siu Ming", text, StringComparison.Ordinal);
        Assert.Contains("regular giving", text, StringComparison.Ordinal);
        Assert.Contains("有效期至", text, StringComparison.Ordinal);
        Assert.Contains("0123-4567-89AB-CDEF", text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _fonts.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
