using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Academy.Data;
using Portal.Academy.Services;
using Portal.Learning;
using Portal.Privacy;

namespace Portal.Academy.Tests;

/// <summary>Certificates the academy issues for other modules (the mentor scheme) through <see cref="ICertificateIssuer"/>.</summary>
public sealed class ProgrammeCertificateTests
{
    private static ProgrammeCertificateRequest Request(string key = "mentoring-pair:7") =>
        new("user-1", "陳大文", "自助組織領袖師友計劃", "Self-help group leaders' mentor scheme", new DateOnly(2026, 3, 1), key);

    [Fact]
    public async Task Issuing_is_idempotent_on_the_source_key_and_the_code_verifies()
    {
        await using var site = new AcademySite();
        await using var scope = site.Scope();
        var issuer = scope.ServiceProvider.GetRequiredService<ICertificateIssuer>();
        var code = await issuer.IssueAsync(Request());
        Assert.Equal(code, await issuer.IssueAsync(Request()));
        Assert.NotEqual(code, await issuer.IssueAsync(Request("mentoring-pair:8")));

        var verified = await scope.ServiceProvider.GetRequiredService<CertificateService>().VerifyProgrammeAsync(code.ToLowerInvariant());
        Assert.NotNull(verified);
        Assert.Equal(("陳大文", "自助組織領袖師友計劃"), (verified.HolderName, verified.TitleZh));
        Assert.Null(await scope.ServiceProvider.GetRequiredService<CertificateService>().VerifyAsync(code));
    }

    [Fact]
    public async Task A_holder_name_no_font_can_draw_is_refused_and_nothing_is_issued()
    {
        const string NoGlyph = "\U0010FFFD"; // a private-use character of plane 16: no bundled font has it (see CertificateFontTests)
        await using var site = new AcademySite();
        await using var scope = site.Scope();
        var issuer = scope.ServiceProvider.GetRequiredService<ICertificateIssuer>();
        var request = Request() with { HolderName = "陳" + NoGlyph + "文" };

        var refused = await Assert.ThrowsAsync<Portal.Academy.Certificates.CertificateNotDrawableException>(() => issuer.IssueAsync(request));
        Assert.Equal([0x10FFFD], refused.Missing);
        Assert.False(await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().ProgrammeCertificates.AnyAsync());

        // An HKSCS name outside the Basic Multilingual Plane is drawn, so it is issued.
        var code = await issuer.IssueAsync(request with { HolderName = "梁𡃁仔" });
        Assert.Equal("梁𡃁仔", (await scope.ServiceProvider.GetRequiredService<CertificateService>().VerifyProgrammeAsync(code))!.HolderName);
    }

    [Fact]
    public async Task The_programme_certificate_pdf_has_the_programme_no_hours_and_a_qr_code_that_verifies()
    {
        await using var site = new AcademySite();
        await using var scope = site.Scope();
        var code = await scope.ServiceProvider.GetRequiredService<ICertificateIssuer>().IssueAsync(Request());
        var certificates = scope.ServiceProvider.GetRequiredService<CertificateService>();
        var certificate = (await certificates.FindProgrammeAsync(code))!;
        var dir = Directory.CreateTempSubdirectory("programme-pdf-");
        try
        {
            var file = Path.Combine(dir.FullName, "programme.pdf");
            await File.WriteAllBytesAsync(file, certificates.RenderProgrammePdf(certificate, "https://portal.example.hk"));
            if (Environment.GetEnvironmentVariable("PROGRAMME_PDF_SAMPLE") is { Length: > 0 } sample)
            {
                File.Copy(file, sample, overwrite: true); // to look at it: PROGRAMME_PDF_SAMPLE=/tmp/programme.pdf
            }

            var text = PdfTool.Run("pdftotext", "-enc", "UTF-8", file, "-");
            // The wording is printed around the name and the title, each once: 茲證明 / 陳大文 / 已完成 / the programme.
            Assert.Contains("茲證明", text, StringComparison.Ordinal);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "陳大文"));
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "自助組織領袖師友計劃"));
            Assert.Contains("已完成", text, StringComparison.Ordinal);
            Assert.Contains("Self-help group leaders' mentor scheme", text, StringComparison.Ordinal);
            Assert.Contains(certificate.FormattedCode, text, StringComparison.Ordinal);
            Assert.Contains("2026年3月1日", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Hours", text, StringComparison.Ordinal);
            PdfTool.Run("pdftoppm", "-r", "200", "-png", "-singlefile", file, Path.Combine(dir.FullName, "page"));
            var qr = PdfTool.Run("zbarimg", "-q", "--raw", Path.Combine(dir.FullName, "page.png"));
            Assert.Equal("HTTPS://PORTAL.EXAMPLE.HK/CERTIFICATES/VERIFY/" + code, qr.Trim());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Erasure_keeps_the_certificate_verifiable_without_the_name()
    {
        await using var site = new AcademySite();
        await using var scope = site.Scope();
        var code = await scope.ServiceProvider.GetRequiredService<ICertificateIssuer>().IssueAsync(Request());
        var provider = scope.ServiceProvider.GetServices<IPersonalDataProvider>().Single(p => p.Section == "academy");
        Assert.Contains((await provider.ExportAsync("user-1")).Tables, t => t.Name == "programmeCertificates");
        await provider.EraseAsync("user-1");
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var kept = await db.ProgrammeCertificates.AsNoTracking().SingleAsync(c => c.Code == code);
        Assert.True(kept.HolderErased);
        Assert.Equal("", kept.HolderName);
    }
}
