using Microsoft.Extensions.Localization;
using Portal.Academy.Resources;
using Portal.Privacy;

namespace Portal.Academy;

/// <summary>What staff open in the academy, for the audit trail (<see cref="IPersonalDataAccessLog"/>): a cohort's
/// report (each learner's progress, quiz scores and self-assessments), its CSV and its certificates; enrolling people;
/// the certificate register and revocations.</summary>
internal sealed class AuditedAreas(IStringLocalizer<AcademyStrings> t) : IAuditedAreaProvider
{
    public const string Enrolments = "academy.enrolments";

    /// <summary>The certificate register: holders' names (searchable by name), refused names, revocations.</summary>
    public const string Certificates = "academy.certificates";

    public IEnumerable<AuditedArea> GetAreas() =>
    [
        new(Enrolments, t["Course enrolments, progress and assessments"]),
        new(Certificates, t["Training certificates and the names on them"]),
    ];
}
