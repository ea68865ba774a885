using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Portal.Academy.Data;
using Portal.Academy.Models;
using Portal.Content;
using Portal.Search;

namespace Portal.Academy.Services;

/// <summary>Published course pages, one search document per language (item id <c>{courseId}:{culture}</c>).</summary>
internal sealed class CourseSearchSource(AcademyDbContext db, IMarkdownRenderer markdown) : ISearchDocumentSource
{
    public const string SourceName = "course";

    public string Source => SourceName;

    public static IReadOnlyCollection<IndexChange> ChangesFor(long courseId) =>
        [new(SourceName, courseId + ":zh-HK"), new(SourceName, courseId + ":en")];

    public async IAsyncEnumerable<SearchDocument> GetAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var courses = await db.Courses.AsNoTracking().Include(c => c.Lessons).Where(c => c.Published).ToListAsync(cancellationToken);
        foreach (var course in courses)
        {
            yield return ToDocument(course, english: false);
            yield return ToDocument(course, english: true);
        }
    }

    public async Task<SearchDocument?> GetAsync(string itemId, CancellationToken cancellationToken = default)
    {
        var parts = (itemId ?? "").Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], out var id))
        {
            return null;
        }

        var course = await db.Courses.AsNoTracking().Include(c => c.Lessons).FirstOrDefaultAsync(c => c.Id == id && c.Published, cancellationToken);
        return course is null ? null : ToDocument(course, parts[1] == "en");
    }

    private SearchDocument ToDocument(Course course, bool english)
    {
        var lessons = string.Join("\n", course.OrderedLessons.Select(l => l.Title(english)));
        var body = string.Join("\n", course.Summary(english), course.Audience(english), string.Join("\n", course.Outcomes(english)), lessons);
        return new SearchDocument
        {
            Id = $"course:{course.Id}:{(english ? "en" : "zh-HK")}",
            Type = SourceName,
            Culture = english ? "en" : "zh-HK",
            Title = course.Title(english),
            Body = markdown.ToPlainText(body),
            Url = "/academy/courses/" + course.Slug + (english ? "?culture=en" : ""),
            UpdatedUtc = course.UpdatedUtc,
            Visibility = SearchVisibility.Public,
            TranslationKey = "course:" + course.Id,
            Facets = new Dictionary<string, IReadOnlyList<string>> { ["language"] = [course.Language] },
        };
    }
}
