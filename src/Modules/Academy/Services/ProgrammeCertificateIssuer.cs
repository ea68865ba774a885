using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Academy.Data;
using Portal.Academy.Models;
using Portal.Learning;

namespace Portal.Academy.Services;

/// <summary>The academy issues certificates for other modules' programmes (the mentor scheme), idempotent on the source key.</summary>
internal sealed class ProgrammeCertificateIssuer(AcademyDbContext db, IOptions<AcademyOptions> options, TimeProvider clock) : ICertificateIssuer
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
        db.ProgrammeCertificates.Add(certificate);
        await db.SaveChangesAsync(cancellationToken);
        return certificate.Code;
    }
}
