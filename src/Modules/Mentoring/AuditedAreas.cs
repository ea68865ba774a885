using Microsoft.Extensions.Localization;
using Portal.Mentoring.Resources;
using Portal.Privacy;

namespace Portal.Mentoring;

/// <summary>What staff open in the scheme, for the audit trail (<see cref="IPersonalDataAccessLog"/>). A pair's page
/// holds meeting notes, often about health and caring: staff give a reason before opening it.</summary>
internal sealed class AuditedAreas(IStringLocalizer<MentoringStrings> t) : IAuditedAreaProvider
{
    public const string Applications = "mentoring.applications";

    public const string Pairs = "mentoring.pairs";

    public IEnumerable<AuditedArea> GetAreas() =>
    [
        new(Applications, t["Mentor scheme applications"]),
        new(Pairs, t["Mentoring pairs and meeting notes"], HealthRelated: true),
    ];
}
