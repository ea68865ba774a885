using Portal.Mentoring.Models;

namespace Portal.Mentoring.Services;

/// <summary>What matching knows of a mentor: their approved profile and how many mentees they have now.</summary>
public sealed record MentorCandidate(
    string UserId,
    string? Organisation,
    IReadOnlyCollection<string> Expertise,
    IReadOnlyCollection<string> Languages,
    IReadOnlyCollection<string> Districts,
    IReadOnlyCollection<string> Availability,
    int Capacity,
    int CurrentMentees);

/// <summary>What matching knows of a mentee: their needs and preferences.</summary>
public sealed record MenteeNeeds(
    string UserId,
    string? Organisation,
    IReadOnlyCollection<string> Needs,
    IReadOnlyCollection<string> Languages,
    IReadOnlyCollection<string> Districts,
    IReadOnlyCollection<string> Availability);

public enum MatchFactor
{
    Expertise,
    Language,
    District,
    Availability,
    Capacity,
    SameOrganisation,
}

/// <summary>One reason behind a score: which factor, the points it gave out of its weight, and the matching values
/// (slugs, shown in the reader's language by the page).</summary>
public sealed record MatchReason(MatchFactor Factor, int Points, int Weight, IReadOnlyList<string> Matched);

public sealed record MatchSuggestion(MentorCandidate Mentor, int Score, IReadOnlyList<MatchReason> Reasons, bool SameOrganisation);

/// <summary>
/// Ranks mentors for a mentee. Pure: profiles in, ranked suggestions out, each with a score out of 100 and the
/// reason per factor. Weights: expertise against needs 40, a shared language 25 (no shared language at all rules a
/// mentor out: they could not talk), district 10, availability 15, remaining capacity 10. Mentors with no room
/// left, and mentors from the mentee's own organisation (unless staff override), are left out.
/// </summary>
public static class Matching
{
    public const int ExpertiseWeight = 40;
    public const int LanguageWeight = 25;
    public const int DistrictWeight = 10;
    public const int AvailabilityWeight = 15;
    public const int CapacityWeight = 10;

    public static IReadOnlyList<MatchSuggestion> Suggest(MenteeNeeds mentee, IEnumerable<MentorCandidate> mentors, bool allowSameOrganisation = false, int take = 10)
    {
        var results = new List<MatchSuggestion>();
        foreach (var mentor in mentors)
        {
            if (mentor.UserId == mentee.UserId || mentor.CurrentMentees >= mentor.Capacity)
            {
                continue;
            }

            var sameOrganisation = SameOrganisation(mentee.Organisation, mentor.Organisation);
            if (sameOrganisation && !allowSameOrganisation)
            {
                continue;
            }

            var languages = Shared(mentee.Languages, mentor.Languages);
            if (languages.Count == 0)
            {
                continue;
            }

            var expertise = Shared(mentee.Needs, mentor.Expertise);
            var districts = Shared(mentee.Districts, mentor.Districts);
            var availability = Shared(mentee.Availability, mentor.Availability);
            var room = mentor.Capacity - mentor.CurrentMentees;
            var reasons = new List<MatchReason>
            {
                new(MatchFactor.Expertise, Share(expertise.Count, mentee.Needs.Count, ExpertiseWeight), ExpertiseWeight, expertise),
                new(MatchFactor.Language, LanguageWeight, LanguageWeight, languages),
                new(MatchFactor.District, mentee.Districts.Count == 0 ? DistrictWeight : districts.Count > 0 ? DistrictWeight : 0, DistrictWeight, districts),
                new(MatchFactor.Availability, Share(availability.Count, mentee.Availability.Count, AvailabilityWeight, emptyIsFull: true), AvailabilityWeight, availability),
                new(MatchFactor.Capacity, Share(room, mentor.Capacity, CapacityWeight), CapacityWeight, [room.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
            };
            if (sameOrganisation)
            {
                reasons.Add(new MatchReason(MatchFactor.SameOrganisation, 0, 0, []));
            }

            results.Add(new MatchSuggestion(mentor, reasons.Sum(r => r.Points), reasons, sameOrganisation));
        }

        return [.. results
            .OrderByDescending(r => r.Score)
            .ThenByDescending(r => r.Mentor.Capacity - r.Mentor.CurrentMentees)
            .ThenBy(r => r.Mentor.UserId, StringComparer.Ordinal)
            .Take(take)];
    }

    public static bool SameOrganisation(string? a, string? b) =>
        !string.IsNullOrWhiteSpace(a) && !string.IsNullOrWhiteSpace(b) &&
        string.Equals(Normalise(a), Normalise(b), StringComparison.OrdinalIgnoreCase);

    private static string Normalise(string name) =>
        string.Concat(name.Where(c => !char.IsWhiteSpace(c) && !char.IsPunctuation(c)));

    private static List<string> Shared(IReadOnlyCollection<string> wanted, IReadOnlyCollection<string> offered) =>
        [.. wanted.Where(offered.Contains).Distinct()];

    private static int Share(int part, int whole, int weight, bool emptyIsFull = false) =>
        whole <= 0 ? (emptyIsFull ? weight : 0) : (int)Math.Round((double)weight * Math.Min(part, whole) / whole, MidpointRounding.AwayFromZero);
}
