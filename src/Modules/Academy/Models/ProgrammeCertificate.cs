namespace Portal.Academy.Models;

/// <summary>
/// A certificate not tied to a course, issued on behalf of another module through <see cref="Portal.Learning.ICertificateIssuer"/>
/// (e.g. a completed mentorship). Verified on the same page as course certificates; codes share one namespace.
/// </summary>
public sealed class ProgrammeCertificate
{
    private ProgrammeCertificate()
    {
    }

    public string Code { get; private set; } = "";
    public string SourceKey { get; private set; } = "";
    public string UserId { get; private set; } = "";
    public string HolderName { get; private set; } = "";
    public string TitleZh { get; private set; } = "";
    public string TitleEn { get; private set; } = "";
    public DateOnly CompletedOn { get; private set; }
    public string IssuerZh { get; private set; } = "";
    public string IssuerEn { get; private set; } = "";
    public DateTimeOffset IssuedUtc { get; private set; }

    public bool HolderErased => UserId == Certificate.ErasedHolderUserId;

    public string FormattedCode => CertificateCode.Format(Code);

    public static ProgrammeCertificate Issue(Portal.Learning.ProgrammeCertificateRequest request, string issuerZh, string issuerEn, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.HolderUserId);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.SourceKey);
        return new ProgrammeCertificate
        {
            Code = CertificateCode.New(),
            SourceKey = request.SourceKey.Trim(),
            UserId = request.HolderUserId,
            HolderName = (request.HolderName ?? "").Trim(),
            TitleZh = request.ProgrammeTitleZh.Trim(),
            TitleEn = request.ProgrammeTitleEn.Trim(),
            CompletedOn = request.CompletedOn,
            IssuerZh = issuerZh,
            IssuerEn = issuerEn,
            IssuedUtc = now,
        };
    }
}
