using Portal.Matching.Models;

namespace Portal.Matching.Services;

/// <summary>What scoring knows of a need (and of the group's conditions served).</summary>
public sealed record NeedProfile(
    long Id,
    long OrganisationId,
    string Area,
    string District,
    string Language,
    WorkMode Mode,
    int HoursPerMonth,
    IReadOnlyCollection<string> Conditions);

/// <summary>What scoring knows of a partner.</summary>
public sealed record PartnerProfile(
    long Id,
    string Type,
    IReadOnlyCollection<string> Skills,
    IReadOnlyCollection<string> Districts,
    IReadOnlyCollection<string> Languages,
    IReadOnlyCollection<string> Causes,
    int HoursPerMonth,
    bool OnSite,
    bool Remote);

/// <summary>A suggestion someone passed on (see <see cref="Pass"/>).</summary>
public sealed record PassRecord(long NeedId, long PartnerId, long OrganisationId, string Area, PassSide Side);

public enum ScoreFactor
{
    Skill,
    Language,
    District,
    Mode,
    Hours,
    Causes,
    PartnerPassedSimilar,
    GroupPassedBefore,
}

/// <summary>One reason behind a score: the factor, the points it gave (negative for a penalty) out of its weight,
/// and the values behind it (slugs or numbers, shown in the reader's language by the page).</summary>
public sealed record ScoreReason(ScoreFactor Factor, int Points, int Weight, IReadOnlyList<string> Values);

public sealed record ScoredMatch(NeedProfile Need, PartnerProfile Partner, int Score, IReadOnlyList<ScoreReason> Reasons);

/// <summary>
/// Scores a need against a partner. Pure: profiles and earlier passes in, a score out of 100 with one reason per
/// factor out. Weights: the partner offers the kind of help asked for 35 (a partner who does not is no suggestion at
/// all), a shared language 15, district 10 (same district 10, same region 5; a remote need 10 wherever the partner
/// is), on site / remote 10, hours a month against the commitment 15, causes against the conditions the group serves
/// 15 (a partner who named no cause 5). Passes: a pair someone passed on is never suggested again; a partner who
/// passed on another need of the same kind loses 15, and so does a partner this group passed on for another need.
/// </summary>
public static class Scoring
{
    public const int SkillWeight = 35;
    public const int LanguageWeight = 15;
    public const int DistrictWeight = 10;
    public const int ModeWeight = 10;
    public const int HoursWeight = 15;
    public const int CausesWeight = 15;
    public const int PassPenalty = 15;

    /// <summary>The kind of help a partner offers by being what they are (a venue provider offers a venue).</summary>
    public static bool Offers(PartnerProfile partner, string area) =>
        partner.Skills.Contains(area) || (partner.Type, area) switch
        {
            ("venue-provider", "venue") => true,
            ("trustee-candidate", "trustee") => true,
            ("company" or "community-group", "volunteers") => true,
            _ => false,
        };

    /// <summary>The score of one pair, or null when it is no suggestion (wrong kind of help, or passed on before).</summary>
    public static ScoredMatch? Score(NeedProfile need, PartnerProfile partner, IEnumerable<PassRecord> passes)
    {
        if (!Offers(partner, need.Area))
        {
            return null;
        }

        var partnerPassedSimilar = false;
        var groupPassedBefore = false;
        foreach (var pass in passes)
        {
            if (pass.PartnerId != partner.Id)
            {
                continue;
            }

            if (pass.NeedId == need.Id)
            {
                return null;
            }

            partnerPassedSimilar |= pass.Side == PassSide.Partner && pass.Area == need.Area;
            groupPassedBefore |= pass.Side == PassSide.Group && pass.OrganisationId == need.OrganisationId;
        }

        var reasons = new List<ScoreReason>(8)
        {
            new(ScoreFactor.Skill, SkillWeight, SkillWeight, [need.Area]),
            partner.Languages.Contains(need.Language)
                ? new(ScoreFactor.Language, LanguageWeight, LanguageWeight, [need.Language])
                : new(ScoreFactor.Language, 0, LanguageWeight, [need.Language]),
            District(need, partner),
            Mode(need, partner),
            Hours(need, partner),
            Causes(need, partner),
        };
        if (partnerPassedSimilar)
        {
            reasons.Add(new(ScoreFactor.PartnerPassedSimilar, -PassPenalty, 0, [need.Area]));
        }

        if (groupPassedBefore)
        {
            reasons.Add(new(ScoreFactor.GroupPassedBefore, -PassPenalty, 0, []));
        }

        var score = Math.Clamp(reasons.Sum(r => r.Points), 0, 100);
        return new ScoredMatch(need, partner, score, reasons);
    }

    /// <summary>The same score as <see cref="Score"/> gives, without its reasons (and without allocating): null when
    /// it is no suggestion.</summary>
    public static int? Points(NeedProfile need, PartnerProfile partner, IEnumerable<PassRecord> passes)
    {
        if (!Offers(partner, need.Area))
        {
            return null;
        }

        var points = SkillWeight;
        var penalty = 0;
        var partnerPassedSimilar = false;
        var groupPassedBefore = false;
        foreach (var pass in passes)
        {
            if (pass.PartnerId != partner.Id)
            {
                continue;
            }

            if (pass.NeedId == need.Id)
            {
                return null;
            }

            partnerPassedSimilar |= pass.Side == PassSide.Partner && pass.Area == need.Area;
            groupPassedBefore |= pass.Side == PassSide.Group && pass.OrganisationId == need.OrganisationId;
        }

        penalty += partnerPassedSimilar ? PassPenalty : 0;
        penalty += groupPassedBefore ? PassPenalty : 0;
        points += partner.Languages.Contains(need.Language) ? LanguageWeight : 0;
        if (need.Mode == WorkMode.Remote || partner.Districts.Contains(need.District))
        {
            points += DistrictWeight;
        }
        else if (Vocabulary.Regions.TryGetValue(need.District, out var region))
        {
            foreach (var district in partner.Districts)
            {
                if (Vocabulary.Regions.TryGetValue(district, out var other) && other == region)
                {
                    points += DistrictWeight / 2;
                    break;
                }
            }
        }

        points += need.Mode switch
        {
            WorkMode.OnSite => partner.OnSite,
            WorkMode.Remote => partner.Remote,
            _ => partner.OnSite || partner.Remote,
        } ? ModeWeight : 0;
        points += need.HoursPerMonth <= 0 || partner.HoursPerMonth >= need.HoursPerMonth
            ? HoursWeight
            : (int)Math.Round((double)HoursWeight * partner.HoursPerMonth / need.HoursPerMonth, MidpointRounding.AwayFromZero);
        if (partner.Causes.Count == 0)
        {
            points += CausesWeight / 3;
        }
        else
        {
            foreach (var condition in need.Conditions)
            {
                if (partner.Causes.Contains(condition))
                {
                    points += CausesWeight;
                    break;
                }
            }
        }

        return Math.Clamp(points - penalty, 0, 100);
    }

    /// <summary>Partners for a need, best first.</summary>
    public static IReadOnlyList<ScoredMatch> PartnersFor(NeedProfile need, IEnumerable<PartnerProfile> partners, IReadOnlyCollection<PassRecord> passes, int take = 20)
    {
        // Passes looked up by partner, so thousands of partners are scored without scanning every pass for each; the
        // points alone first (no allocation per partner), the reasons only for the ones shown.
        var byPartner = passes.Where(p => p.OrganisationId == need.OrganisationId || p.Area == need.Area).ToLookup(p => p.PartnerId);
        var best = new List<(int Points, PartnerProfile Partner)>();
        foreach (var partner in partners)
        {
            if (Points(need, partner, byPartner[partner.Id]) is { } points)
            {
                best.Add((points, partner));
            }
        }

        best.Sort((a, b) => a.Points != b.Points ? b.Points.CompareTo(a.Points) : a.Partner.Id.CompareTo(b.Partner.Id));
        return Rank(best.Take(take).Select(b => Score(need, b.Partner, byPartner[b.Partner.Id])), take);
    }

    /// <summary>Needs for a partner, best first.</summary>
    public static IReadOnlyList<ScoredMatch> NeedsFor(PartnerProfile partner, IEnumerable<NeedProfile> needs, IReadOnlyCollection<PassRecord> passes, int take = 20)
    {
        var mine = passes.Where(p => p.PartnerId == partner.Id).ToList();
        return Rank(needs.Select(n => Score(n, partner, mine)), take);
    }

    private static ScoredMatch[] Rank(IEnumerable<ScoredMatch?> scored, int take) =>
        [.. scored.OfType<ScoredMatch>()
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Need.Id)
            .ThenBy(s => s.Partner.Id)
            .Take(take)];

    private static ScoreReason District(NeedProfile need, PartnerProfile partner)
    {
        if (need.Mode == WorkMode.Remote)
        {
            return new(ScoreFactor.District, DistrictWeight, DistrictWeight, []);
        }

        if (partner.Districts.Contains(need.District))
        {
            return new(ScoreFactor.District, DistrictWeight, DistrictWeight, [need.District]);
        }

        var region = Vocabulary.Regions.GetValueOrDefault(need.District);
        var nearby = partner.Districts.Where(d => region is not null && Vocabulary.Regions.GetValueOrDefault(d) == region).ToList();
        return nearby.Count > 0
            ? new(ScoreFactor.District, DistrictWeight / 2, DistrictWeight, nearby)
            : new(ScoreFactor.District, 0, DistrictWeight, []);
    }

    private static ScoreReason Mode(NeedProfile need, PartnerProfile partner)
    {
        var fits = need.Mode switch
        {
            WorkMode.OnSite => partner.OnSite,
            WorkMode.Remote => partner.Remote,
            _ => partner.OnSite || partner.Remote,
        };
        return new(ScoreFactor.Mode, fits ? ModeWeight : 0, ModeWeight, [need.Mode.ToString()]);
    }

    private static ScoreReason Hours(NeedProfile need, PartnerProfile partner)
    {
        var points = need.HoursPerMonth <= 0 || partner.HoursPerMonth >= need.HoursPerMonth
            ? HoursWeight
            : (int)Math.Round((double)HoursWeight * partner.HoursPerMonth / need.HoursPerMonth, MidpointRounding.AwayFromZero);
        return new(ScoreFactor.Hours, points, HoursWeight,
            [partner.HoursPerMonth.ToString(System.Globalization.CultureInfo.InvariantCulture), need.HoursPerMonth.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
    }

    private static ScoreReason Causes(NeedProfile need, PartnerProfile partner)
    {
        if (partner.Causes.Count == 0)
        {
            return new(ScoreFactor.Causes, CausesWeight / 3, CausesWeight, []);
        }

        var shared = need.Conditions.Where(partner.Causes.Contains).Distinct().ToList();
        return new(ScoreFactor.Causes, shared.Count > 0 ? CausesWeight : 0, CausesWeight, shared);
    }
}
