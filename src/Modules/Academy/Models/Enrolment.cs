namespace Portal.Academy.Models;

/// <summary>The competencies learners rate themselves on before and after a course.</summary>
public enum Competency
{
    RunningMeetings = 0,
    SuccessionPlanning = 1,
    Finance = 2,
    RecruitingMembersAndVolunteers = 3,
    Advocacy = 4,
    WorkingWithPartners = 5,
}

public enum AssessmentStage
{
    Pre = 0,
    Post = 1,
}

/// <summary>A person's place in a course: completions, quiz attempts, self-assessments and certificates.
/// Only the Identity user id is kept (no foreign key into the host's tables).</summary>
public sealed class Enrolment
{
    public const int MinRating = 1;
    public const int MaxRating = 5;

    private readonly List<LessonCompletion> _completions = [];
    private readonly List<QuizAttempt> _attempts = [];
    private readonly List<SelfAssessmentRating> _ratings = [];
    private readonly List<Certificate> _certificates = [];

    private Enrolment()
    {
    }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public long CourseId { get; private set; }
    public long? CohortId { get; private set; }
    public DateTimeOffset EnrolledUtc { get; private set; }
    public DateTimeOffset LastActivityUtc { get; private set; }
    public long? LastLessonId { get; private set; }
    public DateTimeOffset? CompletedUtc { get; private set; }
    public DateTimeOffset? LastNudgedUtc { get; private set; }

    /// <summary>The learner agrees that their mentor may see their progress in this course.</summary>
    public bool ShareWithMentor { get; private set; }

    public IReadOnlyList<LessonCompletion> Completions => _completions;
    public IReadOnlyList<QuizAttempt> Attempts => _attempts;
    public IReadOnlyList<SelfAssessmentRating> Ratings => _ratings;
    public IReadOnlyList<Certificate> Certificates => _certificates;

    public static IReadOnlyList<Competency> AllCompetencies { get; } = Enum.GetValues<Competency>();

    public static Enrolment Start(string userId, Course course, long? cohortId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentNullException.ThrowIfNull(course);
        return new Enrolment
        {
            UserId = userId,
            CourseId = course.Id,
            CohortId = cohortId,
            EnrolledUtc = now,
            LastActivityUtc = now,
        };
    }

    public bool IsLessonCompleted(long lessonId) => _completions.Any(c => c.LessonId == lessonId);

    public void VisitLesson(Lesson lesson, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lesson);
        EnsureSameCourse(lesson.CourseId);
        LastLessonId = lesson.Id;
        LastActivityUtc = now;
    }

    /// <summary>Marks a lesson done. Doing it twice changes nothing.</summary>
    public void CompleteLesson(Lesson lesson, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lesson);
        EnsureSameCourse(lesson.CourseId);
        LastLessonId = lesson.Id;
        LastActivityUtc = now;
        if (!IsLessonCompleted(lesson.Id))
        {
            _completions.Add(new LessonCompletion(lesson.Id, now));
        }
    }

    public int AttemptsUsed(long quizId) => _attempts.Count(a => a.QuizId == quizId);

    public int? AttemptsLeft(Quiz quiz)
    {
        ArgumentNullException.ThrowIfNull(quiz);
        return quiz.MaxAttempts is { } max ? Math.Max(0, max - AttemptsUsed(quiz.Id)) : null;
    }

    public bool HasPassed(long quizId) => _attempts.Any(a => a.QuizId == quizId && a.Passed);

    public QuizAttempt? BestAttempt(long quizId) =>
        _attempts.Where(a => a.QuizId == quizId).OrderByDescending(a => a.ScorePercent).ThenBy(a => a.SubmittedUtc).FirstOrDefault();

    /// <summary>Scores an attempt and records it; refuses once the attempt limit is reached or the quiz is passed.</summary>
    public QuizAttempt SubmitQuizAttempt(Quiz quiz, IReadOnlyDictionary<long, IReadOnlyCollection<long>> answers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(quiz);
        EnsureSameCourse(quiz.CourseId);
        if (HasPassed(quiz.Id))
        {
            throw new AcademyRuleException("You have already passed this quiz.");
        }

        if (AttemptsLeft(quiz) == 0)
        {
            throw new AcademyRuleException("You have used all your attempts at this quiz. Please contact the academy staff.");
        }

        var score = quiz.Score(answers);
        var attempt = new QuizAttempt(quiz.Id, AttemptsUsed(quiz.Id) + 1, score, QuizAttempt.EncodeAnswers(answers), now);
        _attempts.Add(attempt);
        LastActivityUtc = now;
        return attempt;
    }

    public bool HasAssessment(AssessmentStage stage) => _ratings.Any(r => r.Stage == stage);

    public IReadOnlyDictionary<Competency, int> AssessmentOf(AssessmentStage stage) =>
        _ratings.Where(r => r.Stage == stage).ToDictionary(r => r.Competency, r => r.Rating);

    /// <summary>Records the self-assessment of one stage (all competencies, 1–5). The post-assessment comes after
    /// the pre-assessment and after the lessons and quizzes; once it is done, neither can change.</summary>
    public void RecordSelfAssessment(Course course, AssessmentStage stage, IReadOnlyDictionary<Competency, int> ratings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(ratings);
        EnsureSameCourse(course.Id);
        if (AllCompetencies.Any(c => !ratings.ContainsKey(c)))
        {
            throw new AcademyRuleException("Please rate yourself on every competency.");
        }

        if (ratings.Values.Any(v => v is < MinRating or > MaxRating))
        {
            throw new AcademyRuleException("Each rating must be from 1 to 5.");
        }

        if (HasAssessment(AssessmentStage.Post))
        {
            throw new AcademyRuleException("Your self-assessment after the course is already done.");
        }

        if (stage == AssessmentStage.Post)
        {
            if (!HasAssessment(AssessmentStage.Pre))
            {
                throw new AcademyRuleException("Please do the self-assessment before the course first.");
            }

            if (!LearningDone(course))
            {
                throw new AcademyRuleException("Finish the required lessons and pass the quizzes before the self-assessment after the course.");
            }
        }

        _ratings.RemoveAll(r => r.Stage == stage);
        foreach (var competency in AllCompetencies)
        {
            _ratings.Add(new SelfAssessmentRating(stage, competency, ratings[competency], now));
        }

        LastActivityUtc = now;
        if (IsComplete(course) && CompletedUtc is null)
        {
            CompletedUtc = now;
        }
    }

    /// <summary>Mean post rating above mean pre rating; null until both are done.</summary>
    public bool? Improved()
    {
        if (!HasAssessment(AssessmentStage.Pre) || !HasAssessment(AssessmentStage.Post))
        {
            return null;
        }

        return AssessmentOf(AssessmentStage.Post).Values.Average() > AssessmentOf(AssessmentStage.Pre).Values.Average();
    }

    /// <summary>All required lessons done and every quiz passed.</summary>
    public bool LearningDone(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        return course.Lessons.Where(l => l.Required).All(l => IsLessonCompleted(l.Id))
            && course.Quizzes.All(q => HasPassed(q.Id));
    }

    /// <summary>The course is complete: required lessons done, quizzes passed, post-assessment done.</summary>
    public bool IsComplete(Course course) => LearningDone(course) && HasAssessment(AssessmentStage.Post);

    public int PercentComplete(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        var required = course.Lessons.Where(l => l.Required).ToList();
        var steps = required.Count + course.Quizzes.Count + 1;
        var done = required.Count(l => IsLessonCompleted(l.Id))
            + course.Quizzes.Count(q => HasPassed(q.Id))
            + (HasAssessment(AssessmentStage.Post) ? 1 : 0);
        return (int)Math.Floor(done * 100m / steps);
    }

    /// <summary>Where to continue: the last visited unfinished lesson, the first unfinished lesson, an unpassed
    /// quiz, or the self-assessment.</summary>
    public NextStep NextStep(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        if (!HasAssessment(AssessmentStage.Pre))
        {
            return new NextStep(NextStepKind.PreAssessment, null);
        }

        var lessons = course.OrderedLessons.ToList();
        var last = lessons.FirstOrDefault(l => l.Id == LastLessonId);
        if (last is not null && !IsLessonCompleted(last.Id))
        {
            return new NextStep(NextStepKind.Lesson, last.Id);
        }

        var next = lessons.FirstOrDefault(l => l.Required && !IsLessonCompleted(l.Id));
        if (next is not null)
        {
            return new NextStep(NextStepKind.Lesson, next.Id);
        }

        var quiz = course.OrderedQuizzes.FirstOrDefault(q => !HasPassed(q.Id));
        if (quiz is not null)
        {
            return new NextStep(NextStepKind.Quiz, quiz.Id);
        }

        return HasAssessment(AssessmentStage.Post) ? new NextStep(NextStepKind.Done, null) : new NextStep(NextStepKind.PostAssessment, null);
    }

    public Certificate? CurrentCertificate => _certificates.OrderByDescending(c => c.IssuedUtc).ThenByDescending(c => c.Id).FirstOrDefault();

    /// <summary>Issues the certificate of this completion. A completion gets one certificate; asking again
    /// returns <see cref="AcademyRuleException"/> (use <see cref="ReissueCertificate"/> for a new name choice).</summary>
    public Certificate IssueCertificate(Course course, CertificateIssue issue, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(course);
        EnsureSameCourse(course.Id);
        if (!IsComplete(course))
        {
            throw new AcademyRuleException("The course is not complete yet.");
        }

        if (_certificates.Count > 0)
        {
            throw new AcademyRuleException("A certificate has already been issued for this course.");
        }

        CompletedUtc ??= now;
        var certificate = Certificate.Issue(this, course, issue, now);
        _certificates.Add(certificate);
        return certificate;
    }

    /// <summary>Makes a new certificate (new code) for the same completion, e.g. with the name written another way.
    /// The earlier one is kept unchanged apart from pointing to its replacement.</summary>
    public Certificate ReissueCertificate(Course course, CertificateIssue issue, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(course);
        var previous = CurrentCertificate ?? throw new AcademyRuleException("There is no certificate to re-issue.");
        if (previous.IsRevoked)
        {
            throw new AcademyRuleException("This certificate was revoked. Please contact the academy staff.");
        }

        var certificate = Certificate.Issue(this, course, issue, now);
        previous.MarkReplacedBy(certificate.Code);
        _certificates.Add(certificate);
        return certificate;
    }

    public void SetShareWithMentor(bool share) => ShareWithMentor = share;

    public void MarkNudged(DateTimeOffset now) => LastNudgedUtc = now;

    private void EnsureSameCourse(long courseId)
    {
        if (courseId != CourseId)
        {
            throw new AcademyRuleException("This item belongs to another course.");
        }
    }
}

public enum NextStepKind
{
    PreAssessment,
    Lesson,
    Quiz,
    PostAssessment,
    Done,
}

public sealed record NextStep(NextStepKind Kind, long? ItemId);

public sealed class LessonCompletion
{
    private LessonCompletion()
    {
    }

    internal LessonCompletion(long lessonId, DateTimeOffset now)
    {
        LessonId = lessonId;
        CompletedUtc = now;
    }

    public long Id { get; private set; }
    public long EnrolmentId { get; private set; }
    public long LessonId { get; private set; }
    public DateTimeOffset CompletedUtc { get; private set; }
}

public sealed class QuizAttempt
{
    private QuizAttempt()
    {
    }

    internal QuizAttempt(long quizId, int number, QuizScore score, string answers, DateTimeOffset now)
    {
        QuizId = quizId;
        Number = number;
        Correct = score.Correct;
        Total = score.Total;
        ScorePercent = score.Percent;
        Passed = score.Passed;
        Answers = answers;
        SubmittedUtc = now;
    }

    public long Id { get; private set; }
    public long EnrolmentId { get; private set; }
    public long QuizId { get; private set; }
    public int Number { get; private set; }
    public int Correct { get; private set; }
    public int Total { get; private set; }
    public int ScorePercent { get; private set; }
    public bool Passed { get; private set; }

    /// <summary>Chosen option ids per question: <c>12:40,41;13:44</c>.</summary>
    public string Answers { get; private set; } = "";
    public DateTimeOffset SubmittedUtc { get; private set; }

    public IReadOnlyDictionary<long, IReadOnlyCollection<long>> DecodeAnswers()
    {
        var result = new Dictionary<long, IReadOnlyCollection<long>>();
        foreach (var part in Answers.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && long.TryParse(part[..colon], out var questionId))
            {
                result[questionId] = part[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries)
                    .Select(s => long.TryParse(s, out var id) ? id : 0).Where(id => id > 0).ToList();
            }
        }

        return result;
    }

    internal static string EncodeAnswers(IReadOnlyDictionary<long, IReadOnlyCollection<long>> answers) =>
        string.Join(';', answers.OrderBy(a => a.Key).Select(a => a.Key + ":" + string.Join(',', a.Value.Order())));
}

public sealed class SelfAssessmentRating
{
    private SelfAssessmentRating()
    {
    }

    internal SelfAssessmentRating(AssessmentStage stage, Competency competency, int rating, DateTimeOffset now)
    {
        Stage = stage;
        Competency = competency;
        Rating = rating;
        RecordedUtc = now;
    }

    public long Id { get; private set; }
    public long EnrolmentId { get; private set; }
    public AssessmentStage Stage { get; private set; }
    public Competency Competency { get; private set; }
    public int Rating { get; private set; }
    public DateTimeOffset RecordedUtc { get; private set; }
}
