using Portal.Matching.Models;

namespace Portal.Matching.Tests;

public sealed class MatchRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    internal static Need OpenNeed(DateOnly? deadline = null) => Need.Post(10, "leader-1", new NeedDetails
    {
        Area = "accounts", Title = "Yearly accounts", Description = "Help us close the books.", HoursPerMonth = 4, Months = 2,
        Deadline = deadline ?? new DateOnly(2026, 4, 30), Mode = WorkMode.Either, Language = "yue",
    }, new DateOnly(2026, 3, 2), Now);

    internal static Partner APartner(string userId = "partner-1") => Partner.Register(userId, new PartnerDetails
    {
        Type = "professional-volunteer", DisplayName = "Ada Accountant", Skills = ["accounts"], Languages = ["yue"], HoursPerMonth = 6,
        OnSite = true, Remote = true, ContactEmail = "ada@example.org",
    }, Now);

    private static Match Offer() => Match.ExpressInterest(OpenNeed(), APartner(), "I can help", 90, Now.AddDays(7), Now);

    [Fact]
    public void The_whole_life_of_a_match_from_offer_to_feedback_from_both_sides()
    {
        var match = Offer();
        Assert.Equal(MatchStatus.Interested, match.Status);
        Assert.False(match.ContactsVisible);

        match.Answer(true, null, "leader-1", Now.AddDays(1));
        Assert.Equal(MatchStatus.Accepted, match.Status);
        Assert.True(match.ContactsVisible);

        match.Introduce("staff-1", Now.AddDays(2));
        match.Start(Now.AddDays(3));
        Assert.Equal(MatchStatus.Active, match.Status);

        match.GiveFeedback(MatchSide.Partner, "Books closed and audited.", 5, 12, Now.AddDays(40));
        Assert.Equal(MatchStatus.Completed, match.Status);
        Assert.Equal(12, match.HoursGiven);
        match.GiveFeedback(MatchSide.Group, "Our treasurer learnt a lot.", 5, 10, Now.AddDays(41));
        Assert.Equal(12, match.HoursGiven); // the partner's own figure counts
        Assert.True(match.ContactsVisible);
    }

    [Fact]
    public void Invalid_steps_are_refused_with_a_plain_message_and_change_nothing()
    {
        var match = Offer();
        var version = match.Version;
        Assert.Equal("Staff introduce the two sides once the group has said yes.", Assert.Throws<MatchingRuleException>(() => match.Introduce("staff-1", Now)).Message);
        Assert.Equal("A match starts after staff have introduced both sides.", Assert.Throws<MatchingRuleException>(() => match.Start(Now)).Message);
        Assert.Equal("Feedback is given once the work has started.", Assert.Throws<MatchingRuleException>(() => match.GiveFeedback(MatchSide.Group, "x", 5, 1, Now)).Message);
        Assert.Equal(MatchStatus.Interested, match.Status);
        Assert.Equal(version, match.Version);

        match.Answer(false, "We found someone", "leader-1", Now.AddHours(1));
        Assert.Equal("This offer has already been answered.", Assert.Throws<MatchingRuleException>(() => match.Answer(true, null, "leader-1", Now.AddHours(2))).Message);
        Assert.Equal("This match has already ended.", Assert.Throws<MatchingRuleException>(() => match.Withdraw(MatchSide.Partner, null, Now)).Message);
        Assert.Equal("We found someone", match.DeclineReason);
    }

    [Fact]
    public void Feedback_is_given_once_per_side_and_checks_its_numbers()
    {
        var match = Offer();
        match.Answer(true, null, "leader-1", Now);
        match.Introduce("staff-1", Now);
        match.Start(Now);
        Assert.Equal("Choose a rating from 1 to 5.", Assert.Throws<MatchingRuleException>(() => match.GiveFeedback(MatchSide.Group, "Good", 6, 1, Now)).Message);
        Assert.Equal("Give the hours as a whole number from 0 to 2,000.", Assert.Throws<MatchingRuleException>(() => match.GiveFeedback(MatchSide.Group, "Good", 5, -1, Now)).Message);
        Assert.Equal("Please keep the feedback under 1,000 characters.", Assert.Throws<MatchingRuleException>(() => match.GiveFeedback(MatchSide.Group, new string('x', 1001), 5, 1, Now)).Message);
        Assert.Equal(MatchStatus.Active, match.Status);
        match.GiveFeedback(MatchSide.Group, "Good", 4, 3, Now);
        Assert.Equal("You have already given your feedback. Thank you.", Assert.Throws<MatchingRuleException>(() => match.GiveFeedback(MatchSide.Group, "Again", 4, 3, Now)).Message);
    }

    [Fact]
    public void An_answer_after_the_deadline_is_refused_and_the_task_expires_the_offer()
    {
        var match = Offer();
        Assert.False(match.ExpireIfOverdue(Now.AddDays(6)));
        Assert.Throws<MatchingRuleException>(() => match.Answer(true, null, "leader-1", Now.AddDays(8)));
        Assert.Equal(MatchStatus.Interested, match.Status);
        Assert.True(match.ExpireIfOverdue(Now.AddDays(8)));
        Assert.Equal(MatchStatus.Expired, match.Status);
        Assert.False(match.ExpireIfOverdue(Now.AddDays(9)));
        Assert.False(match.ContactsVisible);
    }

    [Fact]
    public void A_reminder_is_due_once_inside_the_window_before_the_deadline()
    {
        var match = Offer(); // deadline Now + 7 days
        var window = TimeSpan.FromHours(48);
        Assert.False(match.ReminderDue(Now.AddDays(4), window));
        Assert.True(match.ReminderDue(Now.AddDays(6), window));
        match.MarkReminded(Now.AddDays(6));
        Assert.False(match.ReminderDue(Now.AddDays(6).AddHours(1), window));
    }

    [Fact]
    public void Every_step_moves_the_version_so_a_second_person_acting_on_the_old_one_loses()
    {
        var match = Offer();
        var versions = new List<int> { match.Version };
        match.Answer(true, null, "leader-1", Now);
        versions.Add(match.Version);
        match.Introduce("staff-1", Now);
        versions.Add(match.Version);
        match.Start(Now);
        versions.Add(match.Version);
        Assert.Equal(versions.Count, versions.Distinct().Count());
    }

    [Fact]
    public void An_offer_on_a_closed_need_or_from_a_partner_on_a_break_is_refused()
    {
        var need = OpenNeed();
        need.Close(Now);
        Assert.Equal("This need is no longer open.", Assert.Throws<MatchingRuleException>(() => Match.ExpressInterest(need, APartner(), null, 50, Now.AddDays(7), Now)).Message);
        var partner = APartner();
        partner.Update(new PartnerDetails { Type = "company", DisplayName = "Acme", Skills = ["it"], Languages = ["en"], HoursPerMonth = 2, Remote = true, ContactPhone = "2345 6789" }, available: false, Now);
        Assert.Throws<MatchingRuleException>(() => Match.ExpressInterest(OpenNeed(), partner, null, 50, Now.AddDays(7), Now));
    }

    [Theory]
    [InlineData(-1, "The deadline is in the past. Choose today or a later date.")]
    [InlineData(0, null)]
    public void A_need_refuses_a_deadline_in_the_past(int days, string? message)
    {
        var today = new DateOnly(2026, 3, 2);
        var details = new NeedDetails { Area = "it", Title = "Website", Description = "A simple website.", HoursPerMonth = 2, Months = 1, Deadline = today.AddDays(days), Language = "en" };
        if (message is null)
        {
            Assert.Equal(today, Need.Post(1, "u", details, today, Now).Deadline);
        }
        else
        {
            Assert.Equal(message, Assert.Throws<MatchingRuleException>(() => Need.Post(1, "u", details, today, Now)).Message);
        }
    }

    [Fact]
    public void A_need_refuses_an_over_long_description_and_unknown_choices()
    {
        var today = new DateOnly(2026, 3, 2);
        var good = new NeedDetails { Area = "it", Title = "Website", Description = "ok", HoursPerMonth = 2, Months = 1, Deadline = today, Language = "en" };
        Assert.Equal("Please keep the description under 2,000 characters.",
            Assert.Throws<MatchingRuleException>(() => Need.Post(1, "u", good with { Description = new string('字', 2001) }, today, Now)).Message);
        Assert.Equal("Choose what kind of help the group needs.", Assert.Throws<MatchingRuleException>(() => Need.Post(1, "u", good with { Area = "magic" }, today, Now)).Message);
        Assert.Equal("Choose the language of the work.", Assert.Throws<MatchingRuleException>(() => Need.Post(1, "u", good with { Language = "fr" }, today, Now)).Message);
    }

    [Fact]
    public void An_organisation_needs_a_name_a_district_and_a_way_to_reach_it()
    {
        var ok = new OrganisationDetails { NameZh = "中風互助會", District = "kwun-tong", ContactPhone = "2345 6789", Conditions = ["stroke", "nonsense"] };
        var organisation = Organisation.Register("leader-1", ok, 2026, Now);
        Assert.Equal(["stroke"], organisation.ConditionList);
        Assert.Equal("中風互助會", organisation.Name(english: true)); // no English name: the Chinese one
        Assert.Throws<MatchingRuleException>(() => Organisation.Register("leader-1", ok with { NameZh = " " }, 2026, Now));
        Assert.Throws<MatchingRuleException>(() => Organisation.Register("leader-1", ok with { ContactPhone = null }, 2026, Now));
        Assert.Equal("Please check the e-mail address.", Assert.Throws<MatchingRuleException>(() => Organisation.Register("leader-1", ok with { ContactEmail = "not an address" }, 2026, Now)).Message);
        Assert.Equal("Please check the year the group was founded.", Assert.Throws<MatchingRuleException>(() => Organisation.Register("leader-1", ok with { YearFounded = 2030 }, 2026, Now)).Message);
    }

    [Fact]
    public void The_self_assessment_names_weak_areas_weakest_first_with_the_need_each_suggests()
    {
        var assessment = CapacityAssessment.Record(1, new Dictionary<string, int?>
        {
            ["governance"] = 3, ["finance"] = 2, ["volunteers"] = 4, ["succession"] = 1, ["online"] = 2,
        }, "leader-1", Now);
        Assert.Equal([("succession", "trustee"), ("finance", "accounts"), ("online", "it")], assessment.WeakAreas());
        Assert.Equal("Choose one answer for each area.", Assert.Throws<MatchingRuleException>(() =>
            CapacityAssessment.Record(1, new Dictionary<string, int?> { ["governance"] = 3 }, "leader-1", Now)).Message);
    }
}
