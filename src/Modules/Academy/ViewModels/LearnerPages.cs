using Portal.Academy.Models;
using Portal.Academy.Services;

namespace Portal.Academy.ViewModels;

public sealed record LessonPage(CourseView View, Lesson Lesson)
{
    public IReadOnlyList<Lesson> Lessons { get; } = View.Course.OrderedLessons.ToList();
    public int Index => Lessons.ToList().FindIndex(l => l.Id == Lesson.Id);
    public Lesson? Previous => Index > 0 ? Lessons[Index - 1] : null;
    public Lesson? Next => Index < Lessons.Count - 1 ? Lessons[Index + 1] : null;
}

public sealed record QuizPage(CourseView View, Quiz Quiz, QuizAttempt? Result)
{
    public IReadOnlyDictionary<long, IReadOnlyCollection<long>>? Draft { get; init; }

    /// <summary>The order shown: stable for one learner and attempt, different for the next attempt.</summary>
    public int Seed => HashCode.Combine(View.Enrolment?.Id ?? 0, View.Enrolment?.AttemptsUsed(Quiz.Id) ?? 0);
}

public sealed record AssessmentPage(CourseView View, AssessmentStage Stage, IReadOnlyDictionary<Competency, int> Ratings);

public sealed class CertificateForm
{
    public CourseView? Course { get; set; }
    public string? NameZh { get; set; }
    public string? NameEn { get; set; }
    public HolderNameChoice Choice { get; set; } = HolderNameChoice.Both;
}

public sealed record MyLearningPage(IReadOnlyList<MyCourse> Courses, bool SharingWithMentor);

public static class CompetencyText
{
    /// <summary>English label (the localization key) of a competency.</summary>
    public static string Label(Competency competency) => competency switch
    {
        Competency.RunningMeetings => "Running meetings",
        Competency.SuccessionPlanning => "Succession planning",
        Competency.Finance => "Finance and fundraising",
        Competency.RecruitingMembersAndVolunteers => "Recruiting members and volunteers",
        Competency.Advocacy => "Advocacy",
        Competency.WorkingWithPartners => "Working with partners",
        _ => competency.ToString(),
    };
}
