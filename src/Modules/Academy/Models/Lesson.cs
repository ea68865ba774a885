namespace Portal.Academy.Models;

/// <summary>One lesson: Markdown in both languages, an optional video link and downloadable resources.</summary>
public sealed class Lesson
{
    private Lesson()
    {
    }

    internal Lesson(Course course, int position, LessonDetails details)
    {
        Course = course;
        Position = position;
        Update(details);
    }

    public long Id { get; private set; }
    public long CourseId { get; private set; }
    public Course Course { get; private set; } = null!;
    public int Position { get; private set; }
    public string TitleZh { get; private set; } = "";
    public string TitleEn { get; private set; } = "";
    public string BodyZh { get; private set; } = "";
    public string BodyEn { get; private set; } = "";
    public string? VideoUrl { get; private set; }

    /// <summary>One resource per line: <c>Title | https://…</c>.</summary>
    public string Resources { get; private set; } = "";
    public bool Required { get; private set; } = true;

    public string Title(bool english) => english && TitleEn.Length > 0 ? TitleEn : TitleZh;
    public string Body(bool english) => english && BodyEn.Length > 0 ? BodyEn : BodyZh;

    public IReadOnlyList<LessonResource> ResourceLinks => ParseResources(Resources);

    /// <summary>The resources shown to a reader of one language: lines marked for that language and unmarked lines.</summary>
    public IReadOnlyList<LessonResource> ResourcesFor(bool english) =>
        [.. ResourceLinks.Where(r => r.Culture is null || (r.Culture == "en") == english)];

    public static IReadOnlyList<string> Validate(LessonDetails details)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(details.TitleZh) || string.IsNullOrWhiteSpace(details.TitleEn))
        {
            problems.Add("Enter the lesson title in Chinese and in English.");
        }

        if (string.IsNullOrWhiteSpace(details.BodyZh) && string.IsNullOrWhiteSpace(details.BodyEn))
        {
            problems.Add("Enter the lesson text.");
        }

        if (!string.IsNullOrWhiteSpace(details.VideoUrl) && !IsSafeLink(details.VideoUrl.Trim()))
        {
            problems.Add("The video link must start with https://.");
        }

        var lines = (details.Resources ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length != ParseResources(details.Resources).Count)
        {
            problems.Add("Write each resource on its own line as: title | link (the link starts with https:// or /). Start a line with zh-HK: or en: to show it in that language only.");
        }

        return problems;
    }

    public void Update(LessonDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var problems = Validate(details);
        if (problems.Count > 0)
        {
            throw new AcademyRuleException(problems[0]);
        }

        TitleZh = details.TitleZh.Trim();
        TitleEn = details.TitleEn.Trim();
        BodyZh = details.BodyZh?.Trim() ?? "";
        BodyEn = details.BodyEn?.Trim() ?? "";
        VideoUrl = string.IsNullOrWhiteSpace(details.VideoUrl) ? null : details.VideoUrl.Trim();
        Resources = details.Resources?.Trim() ?? "";
        Required = details.Required;
    }

    internal void MoveTo(int position) => Position = position;

    internal static bool IsSafeLink(string url) =>
        (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(url, UriKind.Absolute, out _))
        || (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal));

    private static readonly (string Prefix, string Culture)[] LanguagePrefixes =
        [("zh-HK:", "zh-HK"), ("zh:", "zh-HK"), ("中文:", "zh-HK"), ("中文：", "zh-HK"), ("en:", "en")];

    private static List<LessonResource> ParseResources(string? text)
    {
        var result = new List<LessonResource>();
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bar = line.LastIndexOf('|');
            if (bar <= 0)
            {
                continue;
            }

            var title = line[..bar].Trim();
            var url = line[(bar + 1)..].Trim();
            string? culture = null;
            foreach (var (prefix, code) in LanguagePrefixes)
            {
                if (title.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    culture = code;
                    title = title[prefix.Length..].Trim();
                    break;
                }
            }

            if (title.Length > 0 && IsSafeLink(url))
            {
                result.Add(new LessonResource(title, url, culture));
            }
        }

        return result;
    }
}

/// <summary>A link under a lesson; <paramref name="Culture"/> (zh-HK or en) when it is for readers of one language only.</summary>
public sealed record LessonResource(string Title, string Url, string? Culture = null);

public sealed record LessonDetails
{
    public string TitleZh { get; init; } = "";
    public string TitleEn { get; init; } = "";
    public string? BodyZh { get; init; }
    public string? BodyEn { get; init; }
    public string? VideoUrl { get; init; }
    public string? Resources { get; init; }
    public bool Required { get; init; } = true;
}
