using Microsoft.Extensions.Localization;
using Portal.Matching.Resources;
using Portal.Privacy;

namespace Portal.Matching;

/// <summary>What staff open in partner matching, for the audit trail (<see cref="IPersonalDataAccessLog"/>): a match's
/// page shows staff both sides' contact details once they are visible (the match CSV holds names, no contacts).</summary>
internal sealed class AuditedAreas(IStringLocalizer<MatchingStrings> t) : IAuditedAreaProvider
{
    public const string PartnerContacts = "matching.partner-contacts";

    public IEnumerable<AuditedArea> GetAreas() =>
    [
        new(PartnerContacts, t["Partner contact details"]),
    ];
}
