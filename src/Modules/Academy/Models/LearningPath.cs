namespace Portal.Academy.Models;

/// <summary>An ordered set of courses, e.g. "for successors".</summary>
public sealed class LearningPath
{
    private readonly List<LearningPathCourse> _courses = [];

    private LearningPath()
    {
    }

    public long Id { get; private set; }
    public string Slug { get; private set; } = "";
    public string TitleZh { get; private set; } = "";
    public string TitleEn { get; private set; } = "";
    public string DescriptionZh { get; private set; } = "";
    public string DescriptionEn { get; private set; } = "";
    public IReadOnlyList<LearningPathCourse> Courses => _courses;

    public string Title(bool english) => english && TitleEn.Length > 0 ? TitleEn : TitleZh;
    public string Description(bool english) => english && DescriptionEn.Length > 0 ? DescriptionEn : DescriptionZh;

    public static IReadOnlyList<string> Validate(string? slug, string? titleZh, string? titleEn)
    {
        var problems = new List<string>();
        if (!Course.IsValidSlug(slug))
        {
            problems.Add("The web address name may use only lower-case letters a–z, digits and hyphens (3 to 80 characters).");
        }

        if (string.IsNullOrWhiteSpace(titleZh) || string.IsNullOrWhiteSpace(titleEn))
        {
            problems.Add("Enter the learning path title in Chinese and in English.");
        }

        return problems;
    }

    public static LearningPath Create(string slug, string titleZh, string titleEn, string? descriptionZh, string? descriptionEn)
    {
        var path = new LearningPath { Slug = Course.NormalizeSlug(slug) };
        path.Update(titleZh, titleEn, descriptionZh, descriptionEn);
        return path;
    }

    public void Update(string titleZh, string titleEn, string? descriptionZh, string? descriptionEn)
    {
        var problems = Validate(Slug, titleZh, titleEn);
        if (problems.Count > 0)
        {
            throw new AcademyRuleException(problems[0]);
        }

        TitleZh = titleZh.Trim();
        TitleEn = titleEn.Trim();
        DescriptionZh = descriptionZh?.Trim() ?? "";
        DescriptionEn = descriptionEn?.Trim() ?? "";
    }

    /// <summary>Replaces the ordered course list (a course appears once).</summary>
    public void SetCourses(IEnumerable<long> courseIds)
    {
        // In place: a course that stays keeps its row and only moves. Removing every row and adding them again made
        // the same form sent twice at once (a double click) fail, as both copies deleted the same rows.
        var wanted = courseIds.Distinct().ToList();
        _courses.RemoveAll(c => !wanted.Contains(c.CourseId));
        for (var i = 0; i < wanted.Count; i++)
        {
            if (_courses.Find(c => c.CourseId == wanted[i]) is { } kept)
            {
                kept.MoveTo(i + 1);
            }
            else
            {
                _courses.Add(new LearningPathCourse(wanted[i], i + 1));
            }
        }

        _courses.Sort((a, b) => a.Position.CompareTo(b.Position));
    }
}

public sealed class LearningPathCourse
{
    private LearningPathCourse()
    {
    }

    internal LearningPathCourse(long courseId, int position)
    {
        CourseId = courseId;
        Position = position;
    }

    public long Id { get; private set; }
    public long LearningPathId { get; private set; }
    public long CourseId { get; private set; }
    public int Position { get; private set; }

    internal void MoveTo(int position) => Position = position;
}
