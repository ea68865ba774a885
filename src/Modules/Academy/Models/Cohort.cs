namespace Portal.Academy.Models;

/// <summary>A group of learners who take a course together between two dates.</summary>
public sealed class Cohort
{
    private Cohort()
    {
    }

    public long Id { get; private set; }
    public long CourseId { get; private set; }
    public string Name { get; private set; } = "";
    public DateOnly StartsOn { get; private set; }
    public DateOnly EndsOn { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }

    public static IReadOnlyList<string> Validate(string? name, DateOnly startsOn, DateOnly endsOn)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 120)
        {
            problems.Add("Enter a cohort name of at most 120 characters.");
        }

        if (endsOn < startsOn)
        {
            problems.Add("The end date must not be before the start date.");
        }

        return problems;
    }

    public static Cohort Create(Course course, string name, DateOnly startsOn, DateOnly endsOn, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(course);
        var problems = Validate(name, startsOn, endsOn);
        if (problems.Count > 0)
        {
            throw new AcademyRuleException(problems[0]);
        }

        return new Cohort { CourseId = course.Id, Name = name.Trim(), StartsOn = startsOn, EndsOn = endsOn, CreatedUtc = now };
    }

    /// <summary>Bulk enrolment: new enrolments for the people not yet in the course; people already enrolled
    /// are left as they are (their progress is kept).</summary>
    public IReadOnlyList<Enrolment> EnrolMany(Course course, IEnumerable<string> userIds, IReadOnlySet<string> alreadyEnrolled, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(course);
        if (course.Id != CourseId)
        {
            throw new AcademyRuleException("This item belongs to another course.");
        }

        return userIds.Distinct(StringComparer.Ordinal)
            .Where(id => !alreadyEnrolled.Contains(id))
            .Select(id => Enrolment.Start(id, course, Id, now))
            .ToList();
    }
}
