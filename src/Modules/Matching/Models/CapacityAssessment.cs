namespace Portal.Matching.Models;

/// <summary>
/// A group's short capacity self-assessment: five areas, each from 1 ("we need a lot of help") to 4 ("strong").
/// Each assessment is kept (the newest counts), so a group sees how it grew. Areas at 1 or 2 are weak and suggest
/// a need (<see cref="Vocabulary.CapacityAreas"/>).
/// </summary>
public sealed class CapacityAssessment
{
    public const int WeakAtMost = 2;

    private CapacityAssessment()
    {
    }

    public long Id { get; private set; }
    public long OrganisationId { get; private set; }
    public int Governance { get; private set; }
    public int Finance { get; private set; }
    public int Volunteers { get; private set; }
    public int Succession { get; private set; }
    public int Online { get; private set; }
    public DateTimeOffset AssessedUtc { get; private set; }
    public string AssessedByUserId { get; private set; } = "";

    public static CapacityAssessment Record(long organisationId, IReadOnlyDictionary<string, int?> scores, string userId, DateTimeOffset now)
    {
        int Score(string area)
        {
            var value = scores.GetValueOrDefault(area);
            if (value is not { } v || v is < 1 or > 4)
            {
                throw new MatchingRuleException("Choose one answer for each area.");
            }

            return v;
        }

        return new CapacityAssessment
        {
            OrganisationId = organisationId,
            Governance = Score("governance"),
            Finance = Score("finance"),
            Volunteers = Score("volunteers"),
            Succession = Score("succession"),
            Online = Score("online"),
            AssessedUtc = now,
            AssessedByUserId = userId,
        };
    }

    public int ScoreOf(string area) => area switch
    {
        "governance" => Governance,
        "finance" => Finance,
        "volunteers" => Volunteers,
        "succession" => Succession,
        "online" => Online,
        _ => 0,
    };

    /// <summary>Weak areas, weakest first, each with the need area it suggests.</summary>
    public IReadOnlyList<(string Area, string SuggestsNeed)> WeakAreas() =>
        [.. Vocabulary.CapacityAreas
            .Where(a => ScoreOf(a.Slug) <= WeakAtMost)
            .OrderBy(a => ScoreOf(a.Slug))
            .Select(a => (a.Slug, a.SuggestsArea))];

    internal void EraseAssessor() => AssessedByUserId = "";
}
