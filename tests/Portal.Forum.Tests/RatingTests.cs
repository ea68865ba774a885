using Portal.Forum.Models;
using Portal.Forum.Services;

namespace Portal.Forum.Tests;

public sealed class RatingTests
{
    private static RatingService.RatingRow Row(string treatment, int effectiveness, int side = 0, bool still = true) =>
        new(TreatmentRating.KeyOf(treatment), treatment, TreatmentKind.Therapy, effectiveness, side, 2, still, still ? StopReason.None : StopReason.SideEffects);

    [Fact]
    public void Fewer_than_five_ratings_carry_no_figures()
    {
        var summaries = RatingService.Summarise([Row("Tai chi", 5), Row("Tai chi", 1), Row("tai  CHI", 4), Row("Tai chi", 2)]);
        var s = Assert.Single(summaries);
        Assert.False(s.Enough);
        Assert.Equal(4, s.Count);
        Assert.Equal(0, s.AverageEffectiveness);
        Assert.Empty(s.EffectivenessCounts);
        Assert.Empty(s.SideEffectCounts);
    }

    [Fact]
    public void Five_ratings_give_averages_and_counts_behind_each_bar()
    {
        var summaries = RatingService.Summarise([
            Row("Physiotherapy", 5), Row("Physiotherapy", 4), Row("physiotherapy", 4, 1), Row("Physiotherapy", 3, 2, still: false), Row("Physiotherapy", 4),
            Row("Acupuncture", 5),
        ]);
        Assert.Equal(2, summaries.Count);
        var s = summaries[0];
        Assert.True(s.Enough);
        Assert.Equal("Physiotherapy", s.Name);
        Assert.Equal(5, s.Count);
        Assert.Equal(4.0m, s.AverageEffectiveness);
        Assert.Equal([0, 0, 1, 3, 1], s.EffectivenessCounts);
        Assert.Equal([3, 1, 1, 0], s.SideEffectCounts);
        Assert.Equal(4, s.StillUsing);
        Assert.Equal(1, s.StopReasons[StopReason.SideEffects]);
        Assert.False(summaries[1].Enough);
    }

    [Fact]
    public async Task Rating_again_changes_the_earlier_rating_and_bad_answers_are_refused()
    {
        await using var site = new ForumSite();
        var me = await site.MemberAsync("alice", site.Pain);
        await using var scope = site.Scope();
        var ratings = site.Get<RatingService>(scope);
        await ratings.RateAsync(me, new RatingInput("chronic-pain", "Tai chi", TreatmentKind.Coping, 3, 0, 2, RatingDuration.OneToSixMonths, true, StopReason.None), default);
        await ratings.RateAsync(me, new RatingInput("chronic-pain", "  tai CHI ", TreatmentKind.Coping, 5, 0, 2, RatingDuration.SixToTwelveMonths, true, StopReason.None), default);
        var mine = Assert.Single(await ratings.MineAsync("alice", default));
        Assert.Equal(5, mine.Effectiveness);

        await Assert.ThrowsAsync<ForumRuleException>(() => ratings.RateAsync(me, new RatingInput("chronic-pain", "Tai chi", TreatmentKind.Coping, 6, 0, 2, RatingDuration.UnderMonth, true, StopReason.None), default));
        await Assert.ThrowsAsync<ForumRuleException>(() => ratings.RateAsync(me, new RatingInput("chronic-pain", "Tai chi", TreatmentKind.Coping, 3, 0, 2, RatingDuration.UnderMonth, false, StopReason.None), default));
        await Assert.ThrowsAsync<ForumRuleException>(() => ratings.RateAsync(me, new RatingInput("flu", "Tai chi", TreatmentKind.Coping, 3, 0, 2, RatingDuration.UnderMonth, true, StopReason.None), default));
        await Assert.ThrowsAsync<ForumRuleException>(() => ratings.RateAsync(ForumViewer.Visitor, new RatingInput("chronic-pain", "Tai chi", TreatmentKind.Coping, 3, 0, 2, RatingDuration.UnderMonth, true, StopReason.None), default));
    }
}
