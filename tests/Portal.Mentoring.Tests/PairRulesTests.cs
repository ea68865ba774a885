using Portal.Mentoring.Models;

namespace Portal.Mentoring.Tests;

public sealed class PairRulesTests
{
    private static readonly DateTimeOffset Now = MentoringSite.Start;

    private static Pair Active()
    {
        var pair = Pair.Propose("mentor", "mentee", "staff", 90, false, Now);
        pair.AcceptAgreement(PairSide.Mentor, Now);
        Assert.Equal(PairStatus.Proposed, pair.Status);
        Assert.True(pair.AcceptAgreement(PairSide.Mentee, Now));
        return pair;
    }

    [Fact]
    public void A_pair_is_active_only_when_both_accept_the_agreement()
    {
        var pair = Active();
        Assert.Equal(PairStatus.Active, pair.Status);
        Assert.Equal(Now, pair.StartedUtc);
        Assert.Throws<MentoringRuleException>(() => pair.AcceptAgreement(PairSide.Mentor, Now));
        Assert.Throws<MentoringRuleException>(() => Pair.Propose("same", "same", "staff", 0, false, Now));
    }

    [Fact]
    public void The_mentor_or_staff_withdraw_an_open_pair_with_a_reason_and_the_mentee_cannot()
    {
        var pair = Active();
        Assert.Throws<MentoringRuleException>(() => pair.Withdraw(PairSide.Mentee, staff: false, "no", Now));
        Assert.Throws<MentoringRuleException>(() => pair.Withdraw(PairSide.None, staff: false, "no", Now));
        Assert.Throws<MentoringRuleException>(() => pair.Withdraw(PairSide.Mentor, staff: false, " ", Now));
        Assert.Throws<MentoringRuleException>(() => pair.Withdraw(PairSide.Mentor, staff: false, new string('x', 1001), Now));
        Assert.Equal(PairStatus.Active, pair.Status);

        var version = pair.Version;
        pair.Withdraw(PairSide.Mentor, staff: false, "  Moving abroad  ", Now.AddDays(3));
        Assert.Equal((PairStatus.Withdrawn, "Moving abroad", Now.AddDays(3)), (pair.Status, pair.EndReason, pair.EndedUtc));
        Assert.True(pair.IsFinished);
        Assert.False(pair.IsOpen);
        Assert.True(pair.Version > version);
        Assert.Throws<MentoringRuleException>(() => pair.Withdraw(PairSide.None, staff: true, "again", Now));

        var proposed = Pair.Propose("mentor", "mentee", "staff", 90, false, Now);
        proposed.Withdraw(PairSide.None, staff: true, "Matched by mistake", Now);
        Assert.Equal(PairStatus.Withdrawn, proposed.Status);
        var requested = Pair.Request("mentor", "mentee", null, 80, Now.AddDays(7), Now);
        requested.Withdraw(PairSide.Mentor, staff: false, "Not taking mentees this year", Now);
        Assert.Null(requested.RespondByUtc);
    }

    [Fact]
    public void Re_pairing_withdraws_the_pair_and_proposes_one_with_another_mentor()
    {
        var pair = Active();
        Assert.Throws<MentoringRuleException>(() => pair.Repair("mentor", "staff", 80, false, "same mentor", Now));
        Assert.Throws<MentoringRuleException>(() => pair.Repair("mentor-2", "staff", 80, false, "", Now));
        Assert.Equal(PairStatus.Active, pair.Status);

        var next = pair.Repair("mentor-2", "staff", 80, false, "Not a good fit", Now.AddDays(1));
        Assert.Equal(PairStatus.Withdrawn, pair.Status);
        Assert.Equal(("mentor-2", "mentee", PairStatus.Proposed, 80), (next.MentorUserId, next.MenteeUserId, next.Status, next.MatchScore));

        // A pair that ended early can be re-paired too (nothing to withdraw); a completed one cannot.
        var ended = Active();
        ended.EndEarly("Busy", Now);
        Assert.Equal(PairStatus.Proposed, ended.Repair("mentor-3", "staff", 70, false, "Try again", Now).Status);
        Assert.Equal(PairStatus.EndedEarly, ended.Status);
        var completed = Active();
        completed.Complete("Goals met", Now);
        Assert.Throws<MentoringRuleException>(() => completed.Repair("mentor-3", "staff", 70, false, "Again", Now));
    }

    [Fact]
    public void The_fit_check_opens_after_two_meetings_and_a_no_marks_a_poor_fit()
    {
        var pair = Active();
        Assert.Throws<MentoringRuleException>(() => pair.AnswerFit(PairSide.Mentee, true));
        Meeting.Log(pair, Now.AddDays(1), 60, MeetingMode.InPerson, null, null, Now.AddDays(2));
        Meeting.Log(pair, Now.AddDays(3), 60, MeetingMode.Phone, null, null, Now.AddDays(4));
        Assert.True(pair.FitCheckDue);
        pair.AnswerFit(PairSide.Mentee, false);
        Assert.True(pair.PoorFit);
        Assert.Throws<MentoringRuleException>(() => pair.AnswerFit(PairSide.None, true));
    }

    [Fact]
    public void Ending_needs_a_reason_and_only_an_active_pair_completes()
    {
        var proposed = Pair.Propose("mentor", "mentee", "staff", 90, false, Now);
        Assert.Throws<MentoringRuleException>(() => proposed.Complete("done", Now));
        var pair = Active();
        Assert.Throws<MentoringRuleException>(() => pair.EndEarly(" ", Now));
        pair.Complete("Goals reached", Now.AddDays(100));
        Assert.Equal(PairStatus.Completed, pair.Status);
        Assert.Throws<MentoringRuleException>(() => pair.EndEarly("again", Now));
    }

    [Fact]
    public void A_request_expires_after_its_deadline_and_cannot_then_be_accepted()
    {
        var pair = Pair.Request("mentor", "mentee", "Hello", 80, Now.AddDays(7), Now);
        Assert.False(pair.ExpireIfOverdue(Now.AddDays(6)));
        Assert.Throws<MentoringRuleException>(() => pair.Respond(true, Now.AddDays(8)));
        Assert.Equal(PairStatus.Expired, pair.Status);
        var accepted = Pair.Request("mentor", "mentee", null, 80, Now.AddDays(7), Now);
        accepted.Respond(true, Now.AddDays(1));
        Assert.Equal(PairStatus.Proposed, accepted.Status);
    }

    [Theory]
    [InlineData(1, 60, "A meeting cannot be logged before it has happened. Plan it as the next meeting instead.")]
    [InlineData(-1, -5, "The length must be a positive number of minutes.")]
    [InlineData(-1, 0, "The length must be a positive number of minutes.")]
    [InlineData(-1, 601, "A meeting lasts between 5 and 600 minutes.")]
    public void Bad_meetings_are_refused_with_a_clear_message(int days, int minutes, string message)
    {
        var pair = Active();
        var ex = Assert.Throws<MentoringRuleException>(() => Meeting.Log(pair, Now.AddDays(10 + days), minutes, MeetingMode.Video, null, null, Now.AddDays(10)));
        Assert.Equal(message, ex.Message);
        Assert.Equal(0, pair.MeetingCount);
    }

    [Fact]
    public void Over_long_notes_and_ratings_out_of_range_are_refused()
    {
        var pair = Active();
        Assert.Throws<MentoringRuleException>(() => Meeting.Log(pair, Now, 60, MeetingMode.Video, null, new string('x', 4001), Now.AddDays(1)));
        Assert.Throws<MentoringRuleException>(() => PrivateNote.Write(1, "mentor", new string('x', 4001), Now));
        var meeting = Meeting.Log(pair, Now, 60, MeetingMode.Video, null, null, Now.AddDays(1));
        Assert.Throws<MentoringRuleException>(() => meeting.Confirm(6, Now));
        meeting.Confirm(5, Now.AddDays(2));
        Assert.Equal(5, meeting.Rating);
    }

    [Fact]
    public void Stalled_means_active_with_nothing_logged_for_the_set_number_of_days()
    {
        var pair = Active();
        Assert.False(pair.IsStalled(Now.AddDays(20), 21));
        Assert.True(pair.IsStalled(Now.AddDays(21), 21));
        pair.Touch(Now.AddDays(21));
        Assert.False(pair.IsStalled(Now.AddDays(22), 21));
        Assert.False(pair.IsStalled(Now.AddDays(100), 0));
    }

    [Fact]
    public void Goals_are_SMART_and_achieved_means_100_percent()
    {
        var goal = Goal.Create(1, new GoalDetails { Title = "Chair the AGM", Measure = "Three members say it was clear", Status = GoalStatus.Achieved, Progress = 40 }, Now);
        Assert.Equal(100, goal.Progress);
        Assert.Equal(Now, goal.AchievedUtc);
        Assert.Throws<MentoringRuleException>(() => goal.Update(new GoalDetails { Title = "x", Progress = 101 }, Now));
        Assert.Throws<MentoringRuleException>(() => goal.Update(new GoalDetails { Title = " " }, Now));
    }

    [Fact]
    public void Applications_need_areas_and_languages_and_a_decline_needs_a_reason()
    {
        Assert.Throws<MentoringRuleException>(() => Application.Submit("u", ApplicationRole.Mentee, new ApplicationDetails { Languages = ["yue"] }, Now));
        Assert.Throws<MentoringRuleException>(() => Application.Submit("u", ApplicationRole.Mentor, new ApplicationDetails { Areas = ["succession"], Languages = ["yue"], Capacity = 0 }, Now));
        var application = Application.Submit("u", ApplicationRole.Mentee, new ApplicationDetails { Areas = ["succession", "unknown"], Languages = ["yue"] }, Now);
        Assert.Equal("succession", application.Areas);
        Assert.Throws<MentoringRuleException>(() => application.Decline("staff", "", Now));
        application.Decline("staff", "The scheme is full this term.", Now);
        application.Update(new ApplicationDetails { Areas = ["meetings"], Languages = ["en"] });
        Assert.Equal(ApplicationStatus.Pending, application.Status);
    }
}
