using Portal.Mentoring.Services;

namespace Portal.Mentoring.Tests;

public sealed class MatchingTests
{
    private static MenteeNeeds Mentee(string? org = "Org M") =>
        new("mentee", org, ["succession", "meetings"], ["yue"], ["kowloon"], ["weekend"]);

    private static MentorCandidate Mentor(string id, string? org = "Org X", string[]? areas = null, string[]? languages = null,
        string[]? districts = null, string[]? availability = null, int capacity = 2, int current = 0) =>
        new(id, org, areas ?? ["succession", "meetings"], languages ?? ["yue"], districts ?? ["kowloon"], availability ?? ["weekend"], capacity, current);

    [Fact]
    public void A_perfect_match_scores_100_with_a_reason_per_factor()
    {
        var result = Matching.Suggest(Mentee(), [Mentor("a")]);
        var s = Assert.Single(result);
        Assert.Equal(100, s.Score);
        Assert.Equal([MatchFactor.Expertise, MatchFactor.Language, MatchFactor.District, MatchFactor.Availability, MatchFactor.Capacity],
            s.Reasons.Select(r => r.Factor).ToArray());
        Assert.Equal(["succession", "meetings"], s.Reasons[0].Matched);
    }

    [Fact]
    public void Suggestions_are_ranked_by_score_and_reasons_explain_the_difference()
    {
        var result = Matching.Suggest(Mentee(),
        [
            Mentor("half-expertise", areas: ["succession"]),
            Mentor("best"),
            Mentor("other-district", districts: ["nt-east"]),
        ]);
        Assert.Equal(["best", "other-district", "half-expertise"], result.Select(r => r.Mentor.UserId).ToArray());
        Assert.Equal(20, result.Single(r => r.Mentor.UserId == "half-expertise").Reasons.Single(r => r.Factor == MatchFactor.Expertise).Points);
        Assert.Equal(0, result.Single(r => r.Mentor.UserId == "other-district").Reasons.Single(r => r.Factor == MatchFactor.District).Points);
    }

    [Fact]
    public void Same_organisation_is_left_out_unless_staff_override_and_then_it_is_flagged()
    {
        Assert.Empty(Matching.Suggest(Mentee("Parkinson's Mutual Aid"), [Mentor("a", org: "parkinsons mutual aid")]));
        var overridden = Assert.Single(Matching.Suggest(Mentee("Parkinson's Mutual Aid"), [Mentor("a", org: "parkinsons mutual aid")], allowSameOrganisation: true));
        Assert.True(overridden.SameOrganisation);
        Assert.Contains(overridden.Reasons, r => r.Factor == MatchFactor.SameOrganisation);
    }

    [Fact]
    public void Full_mentors_and_mentors_without_a_shared_language_are_left_out()
    {
        var result = Matching.Suggest(Mentee(), [Mentor("full", capacity: 2, current: 2), Mentor("english-only", languages: ["en"]), Mentor("ok")]);
        Assert.Equal("ok", Assert.Single(result).Mentor.UserId);
    }

    [Fact]
    public void Remaining_capacity_counts_and_breaks_ties()
    {
        var result = Matching.Suggest(Mentee(), [Mentor("busy", capacity: 4, current: 3), Mentor("free", capacity: 4, current: 0)]);
        Assert.Equal("free", result[0].Mentor.UserId);
        Assert.Equal(3, result[1].Reasons.Single(r => r.Factor == MatchFactor.Capacity).Points);
    }

    [Fact]
    public void Missing_organisations_never_count_as_the_same()
    {
        Assert.False(Matching.SameOrganisation(null, null));
        Assert.False(Matching.SameOrganisation("", "Org"));
        Assert.Single(Matching.Suggest(Mentee(null), [Mentor("a", org: null)]));
    }
}
