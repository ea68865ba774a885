using Microsoft.EntityFrameworkCore;
using Portal.Academy.Data;
using Portal.Learning;

namespace Portal.Academy.Services;

/// <summary>
/// Progress for other modules (the mentor scheme). The academy checks consent itself: a learner sees their own
/// progress; anyone else gets it only for courses the learner agreed to share with their mentor, and null when
/// there are none. The caller (Mentoring) is responsible for checking that the viewer is the learner's mentor.
/// </summary>
internal sealed class LearningProgressQuery(AcademyDbContext db) : ILearningProgressQuery
{
    public async Task<IReadOnlyList<CourseProgressSummary>?> GetProgressAsync(string learnerUserId, string viewerUserId, CancellationToken cancellationToken = default)
    {
        var self = string.Equals(learnerUserId, viewerUserId, StringComparison.Ordinal);
        var enrolments = await db.EnrolmentsWithProgress().AsNoTracking()
            .Where(e => e.UserId == learnerUserId && (self || e.ShareWithMentor))
            .ToListAsync(cancellationToken);
        if (enrolments.Count == 0)
        {
            return self ? [] : null;
        }

        var ids = enrolments.Select(e => e.CourseId).ToList();
        var courses = await db.CoursesWithContent().AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var english = Globalization.PortalCultures.IsEnglish;
        return enrolments.Where(e => courses.ContainsKey(e.CourseId))
            .Select(e =>
            {
                var course = courses[e.CourseId];
                return new CourseProgressSummary(course.Slug, course.Title(english), e.PercentComplete(course), e.IsComplete(course),
                    e.LastActivityUtc, e.CurrentCertificate is { IsRevoked: false } c ? c.FormattedCode : null);
            })
            .ToList();
    }
}
