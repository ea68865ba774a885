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
    public async Task<IReadOnlyList<CourseProgressSummary>?> GetProgressAsync(string learnerUserId, string viewerUserId, CancellationToken cancellationToken = default) =>
        (await GetProgressManyAsync([learnerUserId], viewerUserId, cancellationToken))[learnerUserId];

    /// <summary>All learners' enrolments in one (split) query, then their courses in one: the number of SQL commands
    /// does not grow with the number of learners.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<CourseProgressSummary>?>> GetProgressManyAsync(
        IReadOnlyCollection<string> learnerUserIds, string viewerUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(learnerUserIds);
        var learners = learnerUserIds.Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal).ToList();
        var result = learnerUserIds.Distinct(StringComparer.Ordinal)
            .ToDictionary(id => id, id => (IReadOnlyList<CourseProgressSummary>?)null, StringComparer.Ordinal);
        if (learners.Count == 0)
        {
            return result;
        }

        // A learner sees everything of their own; anyone else only enrolments shared with the mentor.
        var enrolments = await db.EnrolmentsWithProgress().AsNoTracking()
            .Where(e => learners.Contains(e.UserId) && (e.UserId == viewerUserId || e.ShareWithMentor))
            .ToListAsync(cancellationToken);
        var ids = enrolments.Select(e => e.CourseId).Distinct().ToList();
        var courses = ids.Count == 0
            ? []
            // Progress needs the lessons and the quizzes, not the questions and their options.
            : await db.Courses.Include(c => c.Lessons).Include(c => c.Quizzes).AsSplitQuery().AsNoTracking()
                .Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var english = Globalization.PortalCultures.IsEnglish;
        var byLearner = enrolments.Where(e => courses.ContainsKey(e.CourseId)).ToLookup(e => e.UserId, StringComparer.Ordinal);
        foreach (var learner in learners)
        {
            var self = string.Equals(learner, viewerUserId, StringComparison.Ordinal);
            var own = enrolments.Where(e => e.UserId == learner).ToList();
            if (own.Count == 0)
            {
                result[learner] = self ? [] : null;
                continue;
            }

            result[learner] = byLearner[learner]
                .Select(e =>
                {
                    var course = courses[e.CourseId];
                    return new CourseProgressSummary(course.Slug, course.Title(english), e.PercentComplete(course), e.IsComplete(course),
                        e.LastActivityUtc, e.CurrentCertificate is { IsRevoked: false } c ? c.FormattedCode : null);
                })
                .ToList();
        }

        return result;
    }
}
