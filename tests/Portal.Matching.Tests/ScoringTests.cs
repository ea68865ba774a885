using Portal.Matching.Models;
using Portal.Matching.Services;

namespace Portal.Matching.Tests;

public sealed class ScoringTests
{
    private static NeedProfile Need(long id = 1, string area = "accounts", string district = "kwun-tong", WorkMode mode = WorkMode.OnSite,
        int hours = 4, string language = "yue", long organisation = 10, string[]? conditions = null) =>
        new(id, organisation, area, district, language, mode, hours, conditions ?? ["stroke"]);

    private static PartnerProfile Partner(long id = 100, string type = "professional-volunteer", string[]? skills = null, string[]? districts = null,
        string[]? languages = null, string[]? causes = null, int hours = 8, bool onSite = true, bool remote = true) =>
        new(id, type, skills ?? ["accounts"], districts ?? ["kwun-tong"], languages ?? ["yue", "en"], causes ?? ["stroke"], hours, onSite, remote);

    [Fact]
    public void A_perfect_fit_scores_100_with_a_positive_reason_for_every_factor()
    {
        var scored = Scoring.Score(Need(), Partner(), [])!;
        Assert.Equal(100, scored.Score);
        Assert.Equal(6, scored.Reasons.Count);
        Assert.All(scored.Reasons, r => Assert.Equal(r.Weight, r.Points));
        Assert.Equal(["kwun-tong"], scored.Reasons.Single(r => r.Factor == ScoreFactor.District).Values);
        Assert.Equal(["stroke"], scored.Reasons.Single(r => r.Factor == ScoreFactor.Causes).Values);
    }

    [Fact]
    public void A_partner_who_does_not_offer_the_kind_of_help_is_no_suggestion()
    {
        Assert.Null(Scoring.Score(Need(area: "legal"), Partner(skills: ["accounts"]), []));
    }

    [Theory]
    [InlineData("venue-provider", "venue")]
    [InlineData("trustee-candidate", "trustee")]
    [InlineData("company", "volunteers")]
    [InlineData("community-group", "volunteers")]
    public void What_a_partner_is_counts_as_what_it_offers(string type, string area)
    {
        var scored = Scoring.Score(Need(area: area), Partner(type: type, skills: ["design"]), []);
        Assert.NotNull(scored);
        Assert.Equal(Scoring.SkillWeight, scored.Reasons.Single(r => r.Factor == ScoreFactor.Skill).Points);
    }

    [Fact]
    public void Same_region_scores_half_the_district_points_and_another_region_none()
    {
        var nearby = Scoring.Score(Need(district: "kwun-tong"), Partner(districts: ["wong-tai-sin"]), [])!;
        var district = nearby.Reasons.Single(r => r.Factor == ScoreFactor.District);
        Assert.Equal(Scoring.DistrictWeight / 2, district.Points);
        Assert.Equal(["wong-tai-sin"], district.Values);

        var far = Scoring.Score(Need(district: "kwun-tong"), Partner(districts: ["tuen-mun"]), [])!;
        Assert.Equal(0, far.Reasons.Single(r => r.Factor == ScoreFactor.District).Points);
    }

    [Fact]
    public void Remote_work_ignores_the_district_and_needs_a_partner_who_works_remotely()
    {
        var remote = Scoring.Score(Need(mode: WorkMode.Remote), Partner(districts: ["islands"], remote: true), [])!;
        Assert.Equal(Scoring.DistrictWeight, remote.Reasons.Single(r => r.Factor == ScoreFactor.District).Points);
        Assert.Equal(Scoring.ModeWeight, remote.Reasons.Single(r => r.Factor == ScoreFactor.Mode).Points);

        var onSiteOnly = Scoring.Score(Need(mode: WorkMode.Remote), Partner(remote: false), [])!;
        Assert.Equal(0, onSiteOnly.Reasons.Single(r => r.Factor == ScoreFactor.Mode).Points);
        Assert.Equal(100 - Scoring.ModeWeight, onSiteOnly.Score);
    }

    [Fact]
    public void Fewer_hours_than_the_commitment_score_in_proportion()
    {
        var scored = Scoring.Score(Need(hours: 10), Partner(hours: 4), [])!;
        var hours = scored.Reasons.Single(r => r.Factor == ScoreFactor.Hours);
        Assert.Equal(6, hours.Points); // 15 × 4 / 10
        Assert.Equal(["4", "10"], hours.Values);
    }

    [Fact]
    public void Language_and_causes_add_points_only_when_shared()
    {
        var scored = Scoring.Score(Need(language: "cmn", conditions: ["dementia"]), Partner(languages: ["en"], causes: ["cancer"]), [])!;
        Assert.Equal(0, scored.Reasons.Single(r => r.Factor == ScoreFactor.Language).Points);
        Assert.Equal(0, scored.Reasons.Single(r => r.Factor == ScoreFactor.Causes).Points);
        var open = Scoring.Score(Need(), Partner(causes: []), [])!;
        Assert.Equal(Scoring.CausesWeight / 3, open.Reasons.Single(r => r.Factor == ScoreFactor.Causes).Points);
    }

    [Fact]
    public void Passes_remove_the_pair_and_lower_similar_suggestions()
    {
        var need = Need(id: 1, area: "accounts", organisation: 10);
        var partner = Partner(id: 100);
        Assert.Null(Scoring.Score(need, partner, [new PassRecord(1, 100, 10, "accounts", PassSide.Group)]));

        var partnerPassedSimilar = Scoring.Score(need, partner, [new PassRecord(2, 100, 11, "accounts", PassSide.Partner)])!;
        Assert.Equal(100 - Scoring.PassPenalty, partnerPassedSimilar.Score);
        Assert.Contains(partnerPassedSimilar.Reasons, r => r.Factor == ScoreFactor.PartnerPassedSimilar && r.Points == -Scoring.PassPenalty);

        var groupPassed = Scoring.Score(need, partner, [new PassRecord(3, 100, 10, "legal", PassSide.Group)])!;
        Assert.Contains(groupPassed.Reasons, r => r.Factor == ScoreFactor.GroupPassedBefore);

        // A pass by another partner, or on a need of another kind by this partner, changes nothing.
        Assert.Equal(100, Scoring.Score(need, partner, [new PassRecord(2, 101, 11, "accounts", PassSide.Partner), new PassRecord(4, 100, 12, "legal", PassSide.Partner)])!.Score);
    }

    [Fact]
    public void Suggestions_are_ranked_best_first_both_ways_and_limited()
    {
        var need = Need();
        var partners = new[]
        {
            Partner(id: 1, districts: ["tuen-mun"]),
            Partner(id: 2),
            Partner(id: 3, skills: ["legal"]),
            Partner(id: 4, hours: 1),
        };
        var ranked = Scoring.PartnersFor(need, partners, [], take: 2);
        Assert.Equal([2L, 1L], ranked.Select(r => r.Partner.Id));

        var needs = new[] { Need(id: 7, area: "legal"), Need(id: 8, district: "tuen-mun"), Need(id: 9) };
        var forPartner = Scoring.NeedsFor(Partner(id: 2), needs, []);
        Assert.Equal([9L, 8L], forPartner.Select(r => r.Need.Id));
    }
}

public sealed class ScoringPointsTests
{
    [Fact]
    public void The_fast_points_equal_the_explained_score_for_many_random_pairs()
    {
        var random = new Random(1234);
        string Pick(IReadOnlyList<(string Slug, string En, string Zh)> list) => list[random.Next(list.Count)].Slug;
        string[] Some(IReadOnlyList<(string Slug, string En, string Zh)> list, int most) =>
            [.. Enumerable.Range(0, random.Next(most + 1)).Select(_ => Pick(list)).Distinct()];
        for (var i = 0; i < 5_000; i++)
        {
            var need = new NeedProfile(random.Next(5), random.Next(3), Pick(Vocabulary.Areas), Pick(Vocabulary.Districts), Pick(Vocabulary.Languages),
                (WorkMode)random.Next(3), random.Next(0, 20), Some(Vocabulary.Causes, 3));
            var partner = new PartnerProfile(random.Next(5), Pick(Vocabulary.PartnerTypes), Some(Vocabulary.Areas, 4), Some(Vocabulary.Districts, 4),
                Some(Vocabulary.Languages, 2), Some(Vocabulary.Causes, 3), random.Next(1, 20), random.Next(2) == 0, random.Next(2) == 0);
            var passes = Enumerable.Range(0, random.Next(3)).Select(_ => new PassRecord(random.Next(5), random.Next(5), random.Next(3), Pick(Vocabulary.Areas), (PassSide)(1 + random.Next(2)))).ToList();
            Assert.Equal(Scoring.Score(need, partner, passes)?.Score, Scoring.Points(need, partner, passes));
        }
    }
}
