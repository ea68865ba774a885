using Portal.Academy.Models;
using static Portal.Academy.Tests.TestData;

namespace Portal.Academy.Tests;

public sealed class EnrolmentRulesTests
{
    [Fact]
    public void CompleteLesson_records_once_and_remembers_position()
    {
        var course = Course();
        var e = Enrolment.Start("u", course, null, Now);
        var lesson = course.Lessons[1];

        e.CompleteLesson(lesson, Now);
        e.CompleteLesson(lesson, Now.AddMinutes(5));

        Assert.Single(e.Completions);
        Assert.Equal(lesson.Id, e.LastLessonId);
        Assert.Equal(Now.AddMinutes(5), e.LastActivityUtc);
    }

    [Fact]
    public void Lesson_of_another_course_is_refused()
    {
        var course = Course();
        var other = Models.Course.Create("other-course", Details("其他", "Other"), Now);
        TestData.Set(other, "Id", 2L);
        var e = Enrolment.Start("u", other, null, Now);

        Assert.Throws<AcademyRuleException>(() => e.CompleteLesson(course.Lessons[0], Now));
    }

    [Fact]
    public void Quiz_is_scored_against_the_pass_mark()
    {
        var course = Course();
        var quiz = course.Quizzes[0];
        var e = Enrolment.Start("u", course, null, Now);

        // One of two right (multiple choice needs exactly the correct set) = 50% = pass mark.
        var half = new Dictionary<long, IReadOnlyCollection<long>> { [31] = [41], [32] = [43] };
        var attempt = e.SubmitQuizAttempt(quiz, half, Now);

        Assert.Equal(1, attempt.Correct);
        Assert.Equal(2, attempt.Total);
        Assert.Equal(50, attempt.ScorePercent);
        Assert.True(attempt.Passed);
        Assert.Equal(half.OrderBy(x => x.Key).Select(x => x.Value.Single()), attempt.DecodeAnswers().OrderBy(x => x.Key).Select(x => x.Value.Single()));
    }

    [Fact]
    public void Failed_attempts_count_against_the_limit_and_the_limit_is_enforced()
    {
        var course = Course(maxAttempts: 2);
        var quiz = course.Quizzes[0];
        var e = Enrolment.Start("u", course, null, Now);

        var first = e.SubmitQuizAttempt(quiz, AllWrong(course), Now);
        Assert.False(first.Passed);
        Assert.Equal(0, first.ScorePercent);
        Assert.Equal(1, e.AttemptsLeft(quiz));

        e.SubmitQuizAttempt(quiz, AllWrong(course), Now);
        Assert.Equal(0, e.AttemptsLeft(quiz));
        var ex = Assert.Throws<AcademyRuleException>(() => e.SubmitQuizAttempt(quiz, AllCorrect(course), Now));
        Assert.Contains("all your attempts", ex.Message, StringComparison.Ordinal);
        Assert.False(e.HasPassed(quiz.Id));
    }

    [Fact]
    public void A_passed_quiz_cannot_be_retaken()
    {
        var course = Course(maxAttempts: null);
        var e = Enrolment.Start("u", course, null, Now);
        e.SubmitQuizAttempt(course.Quizzes[0], AllCorrect(course), Now);

        Assert.Null(e.AttemptsLeft(course.Quizzes[0]));
        Assert.Throws<AcademyRuleException>(() => e.SubmitQuizAttempt(course.Quizzes[0], AllCorrect(course), Now));
    }

    [Fact]
    public void Self_assessment_needs_every_competency_in_range()
    {
        var course = Course();
        var e = Enrolment.Start("u", course, null, Now);
        var missing = Ratings(3);
        missing.Remove(Competency.Advocacy);

        Assert.Throws<AcademyRuleException>(() => e.RecordSelfAssessment(course, AssessmentStage.Pre, missing, Now));
        Assert.Throws<AcademyRuleException>(() => e.RecordSelfAssessment(course, AssessmentStage.Pre, Ratings(6), Now));
        Assert.Throws<AcademyRuleException>(() => e.RecordSelfAssessment(course, AssessmentStage.Pre, Ratings(0), Now));

        e.RecordSelfAssessment(course, AssessmentStage.Pre, Ratings(3), Now);
        Assert.Equal(6, e.AssessmentOf(AssessmentStage.Pre).Count);
    }

    [Fact]
    public void Post_assessment_comes_after_pre_assessment_and_the_learning()
    {
        var course = Course();
        var e = Enrolment.Start("u", course, null, Now);

        var noPre = Assert.Throws<AcademyRuleException>(() => e.RecordSelfAssessment(course, AssessmentStage.Post, Ratings(4), Now));
        Assert.Contains("before the course first", noPre.Message, StringComparison.Ordinal);

        e.RecordSelfAssessment(course, AssessmentStage.Pre, Ratings(2), Now);
        var notDone = Assert.Throws<AcademyRuleException>(() => e.RecordSelfAssessment(course, AssessmentStage.Post, Ratings(4), Now));
        Assert.Contains("Finish the required lessons", notDone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsComplete_needs_required_lessons_passed_quizzes_and_post_assessment()
    {
        var course = Course();
        var e = Enrolment.Start("u", course, null, Now);
        e.RecordSelfAssessment(course, AssessmentStage.Pre, Ratings(2), Now);
        Assert.Equal(NextStepKind.Lesson, e.NextStep(course).Kind);

        e.CompleteLesson(course.Lessons[0], Now);
        e.CompleteLesson(course.Lessons[1], Now);
        Assert.False(e.IsComplete(course));
        Assert.Equal(NextStepKind.Quiz, e.NextStep(course).Kind);

        e.SubmitQuizAttempt(course.Quizzes[0], AllWrong(course), Now);
        Assert.False(e.LearningDone(course));
        e.SubmitQuizAttempt(course.Quizzes[0], AllCorrect(course), Now);
        Assert.True(e.LearningDone(course));
        Assert.False(e.IsComplete(course));
        Assert.Equal(NextStepKind.PostAssessment, e.NextStep(course).Kind);
        Assert.Equal(75, e.PercentComplete(course));

        e.RecordSelfAssessment(course, AssessmentStage.Post, Ratings(4), Now.AddDays(2));
        Assert.True(e.IsComplete(course)); // the optional lesson is not needed
        Assert.Equal(100, e.PercentComplete(course));
        Assert.Equal(Now.AddDays(2), e.CompletedUtc);
        Assert.True(e.Improved());
        Assert.Equal(NextStepKind.Done, e.NextStep(course).Kind);
        Assert.Throws<AcademyRuleException>(() => e.RecordSelfAssessment(course, AssessmentStage.Post, Ratings(5), Now));
    }

    [Fact]
    public void Resume_returns_to_the_last_unfinished_lesson()
    {
        var course = Course();
        var e = Enrolment.Start("u", course, null, Now);
        e.RecordSelfAssessment(course, AssessmentStage.Pre, Ratings(2), Now);
        e.VisitLesson(course.Lessons[2], Now);

        Assert.Equal(new NextStep(NextStepKind.Lesson, course.Lessons[2].Id), e.NextStep(course));
    }

    [Fact]
    public void Improved_is_false_when_ratings_do_not_rise()
    {
        var course = Course();
        var e = Enrolment.Start("u", course, null, Now);
        e.RecordSelfAssessment(course, AssessmentStage.Pre, Ratings(4), Now);
        foreach (var l in course.Lessons)
        {
            e.CompleteLesson(l, Now);
        }

        e.SubmitQuizAttempt(course.Quizzes[0], AllCorrect(course), Now);
        Assert.Null(e.Improved());
        e.RecordSelfAssessment(course, AssessmentStage.Post, Ratings(4), Now);
        Assert.False(e.Improved());
    }

    [Fact]
    public void Certificate_is_issued_once_per_completion_and_not_before()
    {
        var course = Course();
        var incomplete = Enrolment.Start("u", course, null, Now);
        Assert.Throws<AcademyRuleException>(() => incomplete.IssueCertificate(course, Issue(), Now));

        var e = Completed(course);
        var certificate = e.IssueCertificate(course, Issue(), Now.AddDays(1));
        Assert.Equal("陳大文 Chan Tai Man", certificate.HolderName);
        Assert.Equal("有效會議", certificate.CourseTitleZh);
        Assert.Equal(6, certificate.Hours);
        Assert.Equal(new DateOnly(2026, 11, 28), certificate.CompletedOn);
        Assert.Contains("陳大文 Chan Tai Man", certificate.WordingZh, StringComparison.Ordinal);
        Assert.Contains("Running effective meetings", certificate.WordingEn, StringComparison.Ordinal);
        var again = Assert.Throws<AcademyRuleException>(() => e.IssueCertificate(course, Issue(), Now));
        Assert.Contains("already been issued", again.Message, StringComparison.Ordinal);
        Assert.Single(e.Certificates);
    }

    [Fact]
    public void Reissue_makes_a_new_record_and_leaves_the_old_one_as_it_was()
    {
        var course = Course();
        var e = Completed(course);
        var first = e.IssueCertificate(course, Issue(HolderNameChoice.Both), Now);
        var second = e.ReissueCertificate(course, Issue(HolderNameChoice.Chinese), Now.AddDays(3));

        Assert.NotEqual(first.Code, second.Code);
        Assert.Equal("陳大文 Chan Tai Man", first.HolderName);
        Assert.Equal("陳大文", second.HolderName);
        Assert.Equal(second.Code, first.ReplacedByCode);
        Assert.Equal(2, e.Certificates.Count);
        Assert.Same(second, e.CurrentCertificate);
    }

    [Fact]
    public void Name_choice_requires_the_chosen_names()
    {
        var course = Course();
        var e = Completed(course);
        Assert.Throws<AcademyRuleException>(() => e.IssueCertificate(course, Issue() with { HolderNameZh = " " }, Now));
        var english = e.IssueCertificate(course, Issue(HolderNameChoice.English) with { HolderNameZh = null }, Now);
        Assert.Equal("Chan Tai Man", english.HolderName);
    }

    [Fact]
    public void Certificate_status_valid_expired_and_revoked()
    {
        var course = Course(expiryMonths: 24);
        var e = Completed(course);
        var c = e.IssueCertificate(course, Issue(), Now);

        Assert.Equal(new DateOnly(2028, 11, 28), c.ExpiresOn);
        Assert.Equal(CertificateStatus.Valid, c.StatusOn(new DateOnly(2028, 11, 28)));
        Assert.Equal(CertificateStatus.Expired, c.StatusOn(new DateOnly(2028, 11, 29)));

        Assert.Throws<AcademyRuleException>(() => c.Revoke("  ", Now));
        c.Revoke("Issued in error", Now);
        Assert.Equal(CertificateStatus.Revoked, c.StatusOn(new DateOnly(2027, 1, 1)));
        Assert.Equal("Issued in error", c.RevokedReason);
        Assert.Throws<AcademyRuleException>(() => c.Revoke("again", Now));
        Assert.Throws<AcademyRuleException>(() => e.ReissueCertificate(course, Issue(), Now));
    }

    [Fact]
    public void Cohort_bulk_enrol_skips_people_already_enrolled()
    {
        var course = Course();
        var cohort = Cohort.Create(course, "2026 秋季", new DateOnly(2026, 9, 1), new DateOnly(2026, 12, 1), Now);
        var created = cohort.EnrolMany(course, ["a", "b", "b", "c"], new HashSet<string> { "c" }, Now);

        Assert.Equal(["a", "b"], created.Select(e => e.UserId));
        Assert.Throws<AcademyRuleException>(() => Cohort.Create(course, "x", new DateOnly(2026, 9, 2), new DateOnly(2026, 9, 1), Now));
    }
}
