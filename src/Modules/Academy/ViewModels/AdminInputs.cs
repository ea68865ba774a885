using Portal.Academy.Models;

namespace Portal.Academy.ViewModels;

public sealed class CourseInput
{
    public long? Id { get; set; }
    public string Slug { get; set; } = "";
    public string TitleZh { get; set; } = "";
    public string TitleEn { get; set; } = "";
    public string? SummaryZh { get; set; }
    public string? SummaryEn { get; set; }
    public string? AudienceZh { get; set; }
    public string? AudienceEn { get; set; }
    public string? OutcomesZh { get; set; }
    public string? OutcomesEn { get; set; }
    public decimal Hours { get; set; } = 1;
    public string Language { get; set; } = CourseLanguages.Both;
    public int? CertificateExpiryMonths { get; set; }
    public string? CertificateWordingZh { get; set; }
    public string? CertificateWordingEn { get; set; }
    public bool Published { get; set; }

    /// <summary>Lessons and quizzes of an existing course, for the edit page.</summary>
    public Course? Course { get; set; }

    public CourseDetails ToDetails() => new()
    {
        TitleZh = TitleZh ?? "",
        TitleEn = TitleEn ?? "",
        SummaryZh = SummaryZh,
        SummaryEn = SummaryEn,
        AudienceZh = AudienceZh,
        AudienceEn = AudienceEn,
        OutcomesZh = OutcomesZh,
        OutcomesEn = OutcomesEn,
        Hours = Hours,
        Language = Language,
        CertificateExpiryMonths = CertificateExpiryMonths,
        CertificateWordingZh = CertificateWordingZh,
        CertificateWordingEn = CertificateWordingEn,
    };

    public static CourseInput From(Course c) => new()
    {
        Id = c.Id,
        Slug = c.Slug,
        TitleZh = c.TitleZh,
        TitleEn = c.TitleEn,
        SummaryZh = c.SummaryZh,
        SummaryEn = c.SummaryEn,
        AudienceZh = c.AudienceZh,
        AudienceEn = c.AudienceEn,
        OutcomesZh = c.OutcomesZh,
        OutcomesEn = c.OutcomesEn,
        Hours = c.Hours,
        Language = c.Language,
        CertificateExpiryMonths = c.CertificateExpiryMonths,
        CertificateWordingZh = c.CertificateWordingZh,
        CertificateWordingEn = c.CertificateWordingEn,
        Published = c.Published,
        Course = c,
    };
}

public sealed class LessonInput
{
    public long CourseId { get; set; }
    public long? Id { get; set; }
    public string TitleZh { get; set; } = "";
    public string TitleEn { get; set; } = "";
    public string? BodyZh { get; set; }
    public string? BodyEn { get; set; }
    public string? VideoUrl { get; set; }
    public string? Resources { get; set; }
    public bool Required { get; set; } = true;

    public LessonDetails ToDetails() => new()
    {
        TitleZh = TitleZh ?? "",
        TitleEn = TitleEn ?? "",
        BodyZh = BodyZh,
        BodyEn = BodyEn,
        VideoUrl = VideoUrl,
        Resources = Resources,
        Required = Required,
    };

    public static LessonInput From(Lesson l) => new()
    {
        CourseId = l.CourseId,
        Id = l.Id,
        TitleZh = l.TitleZh,
        TitleEn = l.TitleEn,
        BodyZh = l.BodyZh,
        BodyEn = l.BodyEn,
        VideoUrl = l.VideoUrl,
        Resources = l.Resources,
        Required = l.Required,
    };
}

public sealed class QuizInput
{
    public long CourseId { get; set; }
    public long? Id { get; set; }
    public string TitleZh { get; set; } = "";
    public string TitleEn { get; set; } = "";
    public int PassMarkPercent { get; set; } = 70;
    public int? MaxAttempts { get; set; } = 3;
    public bool Shuffle { get; set; } = true;
    public Quiz? Quiz { get; set; }
    public QuestionInput NewQuestion { get; set; } = new();

    public QuizDetails ToDetails() => new()
    {
        TitleZh = TitleZh ?? "",
        TitleEn = TitleEn ?? "",
        PassMarkPercent = PassMarkPercent,
        MaxAttempts = MaxAttempts,
        Shuffle = Shuffle,
    };

    public static QuizInput From(Quiz q) => new()
    {
        CourseId = q.CourseId,
        Id = q.Id,
        TitleZh = q.TitleZh,
        TitleEn = q.TitleEn,
        PassMarkPercent = q.PassMarkPercent,
        MaxAttempts = q.MaxAttempts,
        Shuffle = q.Shuffle,
        Quiz = q,
    };
}

public sealed class QuestionInput
{
    public const int OptionRows = 4;

    public QuestionKind Kind { get; set; }
    public string TextZh { get; set; } = "";
    public string TextEn { get; set; } = "";
    public List<OptionInput> Options { get; set; } = [.. Enumerable.Range(0, OptionRows).Select(_ => new OptionInput())];

    public QuestionDetails ToDetails() => new()
    {
        Kind = Kind,
        TextZh = TextZh ?? "",
        TextEn = TextEn ?? "",
        Options = [.. Options.Select(o => new OptionDetails
        {
            TextZh = o.TextZh ?? "",
            TextEn = o.TextEn ?? "",
            IsCorrect = o.IsCorrect,
            FeedbackZh = o.FeedbackZh,
            FeedbackEn = o.FeedbackEn,
        })],
    };
}

public sealed class OptionInput
{
    public string? TextZh { get; set; }
    public string? TextEn { get; set; }
    public bool IsCorrect { get; set; }
    public string? FeedbackZh { get; set; }
    public string? FeedbackEn { get; set; }
}

public sealed class CohortInput
{
    public long CourseId { get; set; }
    public string Name { get; set; } = "";
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
}

public sealed record CohortsPage(IReadOnlyList<Cohort> Cohorts, IReadOnlyList<Course> Courses, CohortInput Input);

public sealed record CertificatesPage(string? Query, IReadOnlyList<Certificate> Certificates, DateOnly Today)
{
    /// <summary>Completed courses whose certificate cannot be issued: a character of the name has no glyph.</summary>
    public IReadOnlyList<WaitingCertificate> Waiting { get; init; } = [];
}

/// <summary>A learner who completed a course but whose certificate is not issued, and the characters no font has.</summary>
public sealed record WaitingCertificate(string Name, Course Course, DateTimeOffset CompletedUtc, IReadOnlyList<int> Missing, string UserId = "")
{
    public string MissingText => Certificates.CertificateNotDrawableException.Describe(Missing);
}

/// <summary>What staff choose to preview a certificate with (query string of /admin/academy/certificate-preview).</summary>
public sealed class CertificatePreviewInput
{
    public long? Course { get; set; }
    public string? NameZh { get; set; } = "陳大文";
    public string? NameEn { get; set; } = "Chan Tai Man";
    public HolderNameChoice Choice { get; set; } = HolderNameChoice.Both;

    public string Query => $"?Course={Course}&NameZh={Uri.EscapeDataString(NameZh ?? "")}&NameEn={Uri.EscapeDataString(NameEn ?? "")}&Choice={Choice}";
}

public sealed record CertificatePreviewPage(CertificatePreviewInput Input, IReadOnlyList<Course> Courses, Course? Course, IReadOnlyList<string> Problems, IReadOnlyList<int> Missing)
{
    public string MissingText => Certificates.CertificateNotDrawableException.Describe(Missing);
}

public sealed class PathInput
{
    public long? Id { get; set; }
    public string Slug { get; set; } = "";
    public string TitleZh { get; set; } = "";
    public string TitleEn { get; set; } = "";
    public string? DescriptionZh { get; set; }
    public string? DescriptionEn { get; set; }

    /// <summary>Course id → position typed by staff (empty = not in the path).</summary>
    public Dictionary<long, int?> Positions { get; set; } = [];

    public IReadOnlyList<long> OrderedCourseIds() =>
        [.. Positions.Where(p => p.Value is > 0).OrderBy(p => p.Value).ThenBy(p => p.Key).Select(p => p.Key)];
}

public sealed record PathsPage(IReadOnlyList<LearningPath> Paths, IReadOnlyList<Course> Courses, PathInput Input);

/// <summary>The confirmation page before a lesson is deleted: how many learners have finished it.</summary>
public sealed record DeleteLessonPage(Lesson Lesson, int LearnersFinished);

/// <summary>The confirmation page before a course is deleted: with enrolments it offers unpublishing instead.</summary>
public sealed record DeleteCoursePage(Course Course, int Enrolments)
{
    public bool CanDelete => Enrolments == 0;
}
