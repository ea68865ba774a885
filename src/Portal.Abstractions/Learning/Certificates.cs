namespace Portal.Learning;

/// <summary>
/// A certificate for something other than an academy course (e.g. a completed mentorship), issued by the academy so
/// that it is verifiable at <c>/certificates/verify/{code}</c> like every other certificate.
/// </summary>
/// <param name="HolderUserId">The Identity user id of the holder (erasure anonymises the certificate).</param>
/// <param name="HolderName">The name printed on the certificate.</param>
/// <param name="ProgrammeTitleZh">The programme's title in Traditional Chinese.</param>
/// <param name="ProgrammeTitleEn">The programme's title in English.</param>
/// <param name="CompletedOn">Completion date (Hong Kong).</param>
/// <param name="SourceKey">Stable key of what earned it, e.g. <c>mentoring-pair:42</c>: issuing again with the same key returns the same code.</param>
public sealed record ProgrammeCertificateRequest(
    string HolderUserId,
    string HolderName,
    string ProgrammeTitleZh,
    string ProgrammeTitleEn,
    DateOnly CompletedOn,
    string SourceKey);

/// <summary>
/// The addresses where the certificate issuer serves a certificate: the public verification page and the PDF (for
/// the holder and academy staff; anyone else gets 404). Other modules link to these rather than to a module's page.
/// </summary>
public static class CertificateLinks
{
    public static string Verify(string code) => "/certificates/verify/" + Uri.EscapeDataString(code);

    public static string Pdf(string code) => "/certificates/" + Uri.EscapeDataString(code) + ".pdf";
}

/// <summary>Issues programme certificates (implemented by the academy). Idempotent on <see cref="ProgrammeCertificateRequest.SourceKey"/>.
/// The certificate is verifiable at <see cref="CertificateLinks.Verify"/> and downloadable at <see cref="CertificateLinks.Pdf"/>.</summary>
public interface ICertificateIssuer
{
    /// <summary>Returns the certificate's verification code. Throws (and issues nothing) when a character of the
    /// certificate, usually of the holder's name, has no glyph in any font the certificate may embed; try again later.</summary>
    Task<string> IssueAsync(ProgrammeCertificateRequest request, CancellationToken cancellationToken = default);
}
