using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Academy.Data;
using Portal.Academy.Models;
using Portal.Learning;

namespace Portal.Academy.Services;

/// <summary>The academy issues certificates for other modules' programmes (the mentor scheme), idempotent on the source key.</summary>
internal sealed class ProgrammeCertificateIssuer(
    AcademyDbContext db,
    IOptions<AcademyOptions> options,
    Certificates.CertificatePdfRenderer renderer,
    TimeProvider clock,
    ILogger<ProgrammeCertificateIssuer> logger) : ICertificateIssuer
{
    public async Task<string> IssueAsync(ProgrammeCertificateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var existing = await db.ProgrammeCertificates.AsNoTracking().FirstOrDefaultAsync(c => c.SourceKey == request.SourceKey, cancellationToken);
        if (existing is not null)
        {
            return existing.Code;
        }

        var certificate = ProgrammeCertificate.Issue(request, options.Value.IssuerZh, options.Value.IssuerEn, clock.GetUtcNow());

        // As for course certificates: every character must be drawn (e.g. an HKSCS character no font has), or the
        // certificate is not issued. The caller (the mentor scheme) keeps the programme complete and tries again later.
        var missing = renderer.MissingCharacters(CertificateService.ToDocument(certificate, "https://localhost/"));
        if (missing.Count > 0)
        {
            logger.LogWarning("Programme certificate {SourceKey} not issued: no font has {Codepoints}.", request.SourceKey,
                string.Join(' ', missing.Select(cp => "U+" + cp.ToString("X4", System.Globalization.CultureInfo.InvariantCulture))));
            throw new Certificates.CertificateNotDrawableException(missing);
        }

        db.ProgrammeCertificates.Add(certificate);
        await db.SaveChangesAsync(cancellationToken);
        return certificate.Code;
    }
}
