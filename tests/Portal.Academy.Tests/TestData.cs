using Portal.Academy.Models;

namespace Portal.Academy.Tests;

internal static class TestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    public static CourseDetails Details(string titleZh = "有效會議", string titleEn = "Running effective meetings", int? expiryMonths = null) => new()
    {
        TitleZh = titleZh,
        TitleEn = titleEn,
        SummaryZh = "學習主持會議。",
        SummaryEn = "Learn to chair meetings.",
        Hours = 6,
        Language = CourseLanguages.Both,
        CertificateExpiryMonths = expiryMonths,
    };

    /// <summary>A course with two required lessons, one optional lesson and one quiz of two questions
    /// (pass mark 50%, 2 attempts). Ids are assigned as EF would.</summary>
    public static Course Course(int? expiryMonths = null, int? maxAttempts = 2)
    {
        var course = Models.Course.Create("running-meetings", Details(expiryMonths: expiryMonths), Now);
        Set(course, nameof(Models.Course.Id), 1L);
        var l1 = course.AddLesson(Lesson("議程"), Now);
        var l2 = course.AddLesson(Lesson("會議紀錄"), Now);
        var l3 = course.AddLesson(Lesson("延伸閱讀") with { Required = false }, Now);
        Set(l1, "Id", 11L);
        Set(l2, "Id", 12L);
        Set(l3, "Id", 13L);
        foreach (var l in new[] { l1, l2, l3 })
        {
            Set(l, "CourseId", 1L);
        }

        var quiz = course.AddQuiz(new QuizDetails { TitleZh = "小測", TitleEn = "Quiz", PassMarkPercent = 50, MaxAttempts = maxAttempts, Shuffle = true }, Now);
        Set(quiz, "Id", 21L);
        Set(quiz, "CourseId", 1L);
        var q1 = quiz.AddQuestion(new QuestionDetails
        {
            Kind = QuestionKind.SingleChoice,
            TextZh = "議程應何時發出？",
            TextEn = "When should the agenda go out?",
            Options =
            [
                new OptionDetails { TextZh = "會前一星期", TextEn = "A week before", IsCorrect = true, FeedbackZh = "正確", FeedbackEn = "Right" },
                new OptionDetails { TextZh = "會議當日", TextEn = "On the day", FeedbackZh = "太遲了", FeedbackEn = "Too late" },
            ],
        });
        var q2 = quiz.AddQuestion(new QuestionDetails
        {
            Kind = QuestionKind.MultipleChoice,
            TextZh = "會議紀錄要包括？",
            TextEn = "Minutes include?",
            Options =
            [
                new OptionDetails { TextZh = "決議", TextEn = "Decisions", IsCorrect = true },
                new OptionDetails { TextZh = "跟進人", TextEn = "Owners", IsCorrect = true },
                new OptionDetails { TextZh = "閒談", TextEn = "Chit-chat" },
            ],
        });
        Set(q1, "Id", 31L);
        Set(q2, "Id", 32L);
        long optionId = 41;
        foreach (var o in q1.Options.Concat(q2.Options))
        {
            Set(o, "Id", optionId++);
        }

        return course;
    }

    public static LessonDetails Lesson(string title) => new()
    {
        TitleZh = title,
        TitleEn = "Lesson " + title,
        BodyZh = "## " + title,
        BodyEn = "## Lesson",
        Resources = "範本 | https://example.org/template.docx",
    };

    public static Dictionary<long, IReadOnlyCollection<long>> AllCorrect(Course course) =>
        course.Quizzes[0].Questions.ToDictionary(q => q.Id, q => (IReadOnlyCollection<long>)q.Options.Where(o => o.IsCorrect).Select(o => o.Id).ToList());

    public static Dictionary<long, IReadOnlyCollection<long>> AllWrong(Course course) =>
        course.Quizzes[0].Questions.ToDictionary(q => q.Id, q => (IReadOnlyCollection<long>)q.Options.Where(o => !o.IsCorrect).Take(1).Select(o => o.Id).ToList());

    public static Dictionary<Competency, int> Ratings(int value) => Enum.GetValues<Competency>().ToDictionary(c => c, _ => value);

    public static CertificateIssue Issue(HolderNameChoice choice = HolderNameChoice.Both) =>
        new("陳大文", "Chan Tai Man", choice, "自助組織培訓學院", "Self-Help Organisation Training Academy");

    /// <summary>Takes an enrolment to the point where the course is complete.</summary>
    public static Enrolment Completed(Course course)
    {
        var e = Enrolment.Start("user-1", course, null, Now);
        e.RecordSelfAssessment(course, AssessmentStage.Pre, Ratings(2), Now);
        foreach (var l in course.Lessons.Where(l => l.Required))
        {
            e.CompleteLesson(l, Now);
        }

        e.SubmitQuizAttempt(course.Quizzes[0], AllCorrect(course), Now);
        e.RecordSelfAssessment(course, AssessmentStage.Post, Ratings(4), Now.AddDays(1));
        return e;
    }

    internal static void Set(object target, string property, object value) =>
        target.GetType().GetProperty(property)!.SetValue(target, value);
}
