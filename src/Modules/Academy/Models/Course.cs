using System.Text.RegularExpressions;

namespace Portal.Academy.Models;

/// <summary>A course of the academy, with its lessons and quizzes, in Traditional Chinese and English.</summary>
public sealed partial class Course
{
    public const int MaxWordingLength = 600;

    /// <summary>Placeholders staff may use in the certificate wording; anything else is refused.</summary>
    public static IReadOnlyList<string> WordingPlaceholders { get; } = ["name", "course", "hours", "date", "issuer"];

    private readonly List<Lesson> _lessons = [];
    private readonly List<Quiz> _quizzes = [];

    private Course()
    {
    }

    public long Id { get; private set; }
    public string Slug { get; private set; } = "";
    public string TitleZh { get; private set; } = "";
    public string TitleEn { get; private set; } = "";
    public string SummaryZh { get; private set; } = "";
    public string SummaryEn { get; private set; } = "";
    public string AudienceZh { get; private set; } = "";
    public string AudienceEn { get; private set; } = "";

    /// <summary>One learning outcome per line.</summary>
    public string OutcomesZh { get; private set; } = "";
    public string OutcomesEn { get; private set; } = "";
    public decimal Hours { get; private set; }

    /// <summary><c>zh-HK</c>, <c>en</c> or <c>both</c>: the language the course is taught in.</summary>
    public string Language { get; private set; } = CourseLanguages.Both;
    public int? CertificateExpiryMonths { get; private set; }
    public string CertificateWordingZh { get; private set; } = "";
    public string CertificateWordingEn { get; private set; } = "";
    public bool Published { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }
    public DateTimeOffset UpdatedUtc { get; private set; }

    public IReadOnlyList<Lesson> Lessons => _lessons;
    public IReadOnlyList<Quiz> Quizzes => _quizzes;

    public string Title(bool english) => english && TitleEn.Length > 0 ? TitleEn : TitleZh;
    public string Summary(bool english) => english && SummaryEn.Length > 0 ? SummaryEn : SummaryZh;
    public string Audience(bool english) => english && AudienceEn.Length > 0 ? AudienceEn : AudienceZh;

    public IReadOnlyList<string> Outcomes(bool english) =>
        (english && OutcomesEn.Length > 0 ? OutcomesEn : OutcomesZh)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<Lesson> OrderedLessons => _lessons.OrderBy(l => l.Position).ThenBy(l => l.Id);
    public IEnumerable<Quiz> OrderedQuizzes => _quizzes.OrderBy(q => q.Position).ThenBy(q => q.Id);

    public static Course Create(string slug, CourseDetails details, DateTimeOffset now)
    {
        var course = new Course { Slug = NormalizeSlug(slug), CreatedUtc = now };
        course.Update(details, now);
        return course;
    }

    /// <summary>Problems with the details, in English (localization keys); empty when valid.</summary>
    public static IReadOnlyList<string> Validate(string slug, CourseDetails details)
    {
        var problems = new List<string>();
        if (!SlugPattern().IsMatch(NormalizeSlug(slug)))
        {
            problems.Add("The web address name may use only lower-case letters a–z, digits and hyphens (3 to 80 characters).");
        }

        if (string.IsNullOrWhiteSpace(details.TitleZh) || string.IsNullOrWhiteSpace(details.TitleEn))
        {
            problems.Add("Enter the course title in Chinese and in English.");
        }

        if (details.TitleZh.Length > 200 || details.TitleEn.Length > 200)
        {
            problems.Add("A course title may have at most 200 characters.");
        }

        if (details.Hours is <= 0 or > 500)
        {
            problems.Add("Hours must be more than 0 and at most 500.");
        }

        if (!CourseLanguages.All.Contains(details.Language))
        {
            problems.Add("Choose the language the course is taught in.");
        }

        if (details.CertificateExpiryMonths is < 1 or > 240)
        {
            problems.Add("Certificate expiry must be between 1 and 240 months, or empty for no expiry.");
        }

        problems.AddRange(ValidateWording(details.CertificateWordingZh));
        problems.AddRange(ValidateWording(details.CertificateWordingEn));
        return problems.Distinct().ToList();
    }

    /// <summary>Certificate wording is plain text with known <c>{{placeholders}}</c> only: nothing a staff member
    /// types can run as code or break the certificate.</summary>
    public static IEnumerable<string> ValidateWording(string? wording)
    {
        if (string.IsNullOrEmpty(wording))
        {
            yield break;
        }

        if (wording.Length > MaxWordingLength)
        {
            yield return "The certificate wording may have at most 600 characters.";
        }

        foreach (Match match in PlaceholderPattern().Matches(wording))
        {
            if (!WordingPlaceholders.Contains(match.Groups[1].Value.Trim()))
            {
                yield return "The certificate wording may use only these placeholders: {{name}}, {{course}}, {{hours}}, {{date}}, {{issuer}}.";
                yield break;
            }
        }

        if (wording.Count(c => c == '{') != wording.Count(c => c == '}'))
        {
            yield return "The certificate wording has an unmatched brace.";
        }
    }

    /// <summary>Fills the wording's placeholders with plain text values.</summary>
    public static string FillWording(string wording, IReadOnlyDictionary<string, string> values) =>
        PlaceholderPattern().Replace(wording, m => values.TryGetValue(m.Groups[1].Value.Trim(), out var v) ? v : "");

    public void Update(CourseDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        var problems = Validate(Slug, details);
        if (problems.Count > 0)
        {
            throw new AcademyRuleException(problems[0]);
        }

        TitleZh = details.TitleZh.Trim();
        TitleEn = details.TitleEn.Trim();
        SummaryZh = details.SummaryZh?.Trim() ?? "";
        SummaryEn = details.SummaryEn?.Trim() ?? "";
        AudienceZh = details.AudienceZh?.Trim() ?? "";
        AudienceEn = details.AudienceEn?.Trim() ?? "";
        OutcomesZh = details.OutcomesZh?.Trim() ?? "";
        OutcomesEn = details.OutcomesEn?.Trim() ?? "";
        Hours = details.Hours;
        Language = details.Language;
        CertificateExpiryMonths = details.CertificateExpiryMonths;
        CertificateWordingZh = details.CertificateWordingZh?.Trim() ?? "";
        CertificateWordingEn = details.CertificateWordingEn?.Trim() ?? "";
        UpdatedUtc = now;
    }

    public void Publish(DateTimeOffset now)
    {
        if (!_lessons.Any(l => l.Required))
        {
            throw new AcademyRuleException("A course needs at least one required lesson before it can be published.");
        }

        Published = true;
        UpdatedUtc = now;
    }

    public void Unpublish(DateTimeOffset now)
    {
        Published = false;
        UpdatedUtc = now;
    }

    public Lesson AddLesson(LessonDetails details, DateTimeOffset now)
    {
        var lesson = new Lesson(this, _lessons.Count == 0 ? 1 : _lessons.Max(l => l.Position) + 1, details);
        _lessons.Add(lesson);
        UpdatedUtc = now;
        return lesson;
    }

    public Quiz AddQuiz(QuizDetails details, DateTimeOffset now)
    {
        var quiz = new Quiz(this, _quizzes.Count == 0 ? 1 : _quizzes.Max(q => q.Position) + 1, details);
        _quizzes.Add(quiz);
        UpdatedUtc = now;
        return quiz;
    }

    /// <summary>Moves a lesson one place earlier (<paramref name="offset"/> -1) or later (+1) and numbers the
    /// lessons 1…n again. Returns false when the lesson is already first or last (nothing changes).</summary>
    public bool MoveLesson(Lesson lesson, int offset, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lesson);
        if (offset is not (-1 or 1))
        {
            throw new AcademyRuleException("A lesson moves one place up or down at a time.");
        }

        var ordered = OrderedLessons.ToList();
        var index = ordered.IndexOf(lesson);
        if (index < 0)
        {
            throw new AcademyRuleException("This item belongs to another course.");
        }

        var target = index + offset;
        if (target < 0 || target >= ordered.Count)
        {
            return false;
        }

        (ordered[index], ordered[target]) = (ordered[target], ordered[index]);
        Renumber(ordered);
        UpdatedUtc = now;
        return true;
    }

    /// <summary>Removes a lesson and numbers the others 1…n again. A published course keeps at least one required
    /// lesson (learners could otherwise "complete" it without learning anything): unpublish it first.</summary>
    public void RemoveLesson(Lesson lesson, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lesson);
        if (!_lessons.Contains(lesson))
        {
            throw new AcademyRuleException("This item belongs to another course.");
        }

        if (Published && lesson.Required && !_lessons.Any(l => l != lesson && l.Required))
        {
            throw new AcademyRuleException("This is the only required lesson of a published course. Add another required lesson or unpublish the course first.");
        }

        _lessons.Remove(lesson);
        Renumber(OrderedLessons.ToList());
        UpdatedUtc = now;
    }

    /// <summary>A course can be deleted only while nobody is enrolled: enrolments carry learners' records and
    /// certificates. Otherwise it is unpublished (archived) instead.</summary>
    public static void EnsureCanDelete(int enrolments)
    {
        if (enrolments > 0)
        {
            throw new AcademyRuleException("Learners are enrolled in this course, so it cannot be deleted. Unpublish it instead: it leaves the catalogue and search, and learners keep their records and certificates.");
        }
    }

    private static void Renumber(List<Lesson> ordered)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].MoveTo(i + 1);
        }
    }

    public static string NormalizeSlug(string? slug) => (slug ?? "").Trim().ToLowerInvariant();

    public static bool IsValidSlug(string? slug) => SlugPattern().IsMatch(NormalizeSlug(slug));

    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]{1,78})[a-z0-9]$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex(@"\{\{([^{}]*)\}\}")]
    private static partial Regex PlaceholderPattern();
}

public static class CourseLanguages
{
    public const string Chinese = "zh-HK";
    public const string English = "en";
    public const string Both = "both";

    public static IReadOnlyList<string> All { get; } = [Chinese, English, Both];
}

/// <summary>Editable details of a course (what the admin form and the recipe supply).</summary>
public sealed record CourseDetails
{
    public string TitleZh { get; init; } = "";
    public string TitleEn { get; init; } = "";
    public string? SummaryZh { get; init; }
    public string? SummaryEn { get; init; }
    public string? AudienceZh { get; init; }
    public string? AudienceEn { get; init; }
    public string? OutcomesZh { get; init; }
    public string? OutcomesEn { get; init; }
    public decimal Hours { get; init; }
    public string Language { get; init; } = CourseLanguages.Both;
    public int? CertificateExpiryMonths { get; init; }
    public string? CertificateWordingZh { get; init; }
    public string? CertificateWordingEn { get; init; }
}
