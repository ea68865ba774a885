using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Portal.Academy.Certificates;
using Portal.Academy.Data;
using Portal.Academy.Models;

namespace Portal.Academy.Services;

/// <summary>What the public verification page shows.</summary>
public sealed record CertificateVerification(Certificate Certificate, CertificateStatus Status);

/// <summary>Finding, verifying and drawing certificates.</summary>
public sealed class CertificateService(AcademyDbContext db, CertificatePdfRenderer renderer, TimeProvider clock)
{
    public static string VerifyPath(string code) => "/certificates/verify/" + code;

    public static string VerifyUrl(string baseUrl, string code) => baseUrl.TrimEnd('/') + VerifyPath(code);

    /// <summary>Null for an unknown or malformed code.</summary>
    public async Task<CertificateVerification?> VerifyAsync(string? code, CancellationToken ct = default)
    {
        var normalized = CertificateCode.Normalize(code);
        if (normalized is null)
        {
            return null;
        }

        var certificate = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.Code == normalized, ct);
        return certificate is null ? null : new CertificateVerification(certificate, certificate.StatusOn(Globalization.PortalCultures.Today(clock)));
    }

    /// <summary>A programme certificate (not tied to a course), or null.</summary>
    public async Task<ProgrammeCertificate?> VerifyProgrammeAsync(string? code, CancellationToken ct = default)
    {
        var normalized = CertificateCode.Normalize(code);
        return normalized is null ? null : await db.ProgrammeCertificates.AsNoTracking().FirstOrDefaultAsync(c => c.Code == normalized, ct);
    }

    public Task<Certificate?> FindAsync(string code, CancellationToken ct = default)
    {
        var normalized = CertificateCode.Normalize(code);
        return normalized is null ? Task.FromResult<Certificate?>(null) : db.Certificates.FirstOrDefaultAsync(c => c.Code == normalized, ct);
    }

    public byte[] RenderPdf(Certificate certificate, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return renderer.Render(ToDocument(certificate, baseUrl));
    }

    public static CertificateDocument ToDocument(Certificate c, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new CertificateDocument(c.HolderName, c.CourseTitleZh, c.CourseTitleEn, c.Hours, c.CompletedOn, c.IssuerZh, c.IssuerEn,
            c.WordingZh, c.WordingEn, c.Code, VerifyUrl(baseUrl, c.Code), c.ExpiresOn, c.IssuedUtc);
    }

    public static string FileName(Certificate certificate) => $"certificate-{certificate.FormattedCode}.pdf";

    /// <summary>A programme certificate's PDF: the same page as a course's, with the programme's title and no hours.</summary>
    public byte[] RenderProgrammePdf(ProgrammeCertificate certificate, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return renderer.Render(ToDocument(certificate, baseUrl));
    }

    public static CertificateDocument ToDocument(ProgrammeCertificate c, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(c);
        var nameZh = c.HolderName.Length > 0 ? c.HolderName + " " : "";
        var nameEn = c.HolderName.Length > 0 ? c.HolderName + " " : "the holder ";
        return new CertificateDocument(c.HolderName, c.TitleZh, c.TitleEn, null, c.CompletedOn, c.IssuerZh, c.IssuerEn,
            $"茲證明 {nameZh}已完成「{c.TitleZh}」。", $"This is to certify that {nameEn}has completed \"{c.TitleEn}\".",
            c.Code, VerifyUrl(baseUrl, c.Code), null, c.IssuedUtc);
    }

    public static string FileName(ProgrammeCertificate certificate) => $"certificate-{certificate.FormattedCode}.pdf";

    /// <summary>A programme certificate by code, or null.</summary>
    public Task<ProgrammeCertificate?> FindProgrammeAsync(string code, CancellationToken ct = default)
    {
        var normalized = CertificateCode.Normalize(code);
        return normalized is null ? Task.FromResult<ProgrammeCertificate?>(null) : db.ProgrammeCertificates.AsNoTracking().FirstOrDefaultAsync(c => c.Code == normalized, ct);
    }

    /// <summary>Revokes with a reason; the certificate's printed content stays as it was.</summary>
    /// <returns>The holder's user id (for the audit trail).</returns>
    public async Task<string> RevokeAsync(string code, string reason, CancellationToken ct = default)
    {
        var certificate = await FindAsync(code, ct) ?? throw new AcademyRuleException("The certificate was not found.");
        certificate.Revoke(reason, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return certificate.UserId;
    }

    /// <summary>All current (latest per enrolment) certificates of a cohort as one ZIP.</summary>
    public async Task<byte[]> CohortZipAsync(long cohortId, string baseUrl, CancellationToken ct = default)
    {
        var enrolmentIds = await db.Enrolments.Where(e => e.CohortId == cohortId).Select(e => e.Id).ToListAsync(ct);
        var certificates = (await db.Certificates.AsNoTracking().Where(c => enrolmentIds.Contains(c.EnrolmentId)).ToListAsync(ct))
            .Where(c => c.ReplacedByCode is null)
            .OrderBy(c => c.HolderName, StringComparer.Ordinal)
            .ToList();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var certificate in certificates)
            {
                var entry = zip.CreateEntry(FileName(certificate), CompressionLevel.Fastest);
                await using var stream = entry.Open();
                await stream.WriteAsync(RenderPdf(certificate, baseUrl), ct);
            }
        }

        return buffer.ToArray();
    }
}
