using Microsoft.EntityFrameworkCore;
using Portal.Academy.Data;
using Portal.Academy.Models;

namespace Portal.Academy.Services;

/// <summary>Loading helpers so every use case reads aggregates the same way.</summary>
internal static class AcademyQueries
{
    public static IQueryable<Course> CoursesWithContent(this AcademyDbContext db) =>
        db.Courses
            .Include(c => c.Lessons)
            .Include(c => c.Quizzes).ThenInclude(q => q.Questions).ThenInclude(q => q.Options)
            .AsSplitQuery();

    public static IQueryable<Enrolment> EnrolmentsWithProgress(this AcademyDbContext db) =>
        db.Enrolments
            .Include(e => e.Completions)
            .Include(e => e.Attempts)
            .Include(e => e.Ratings)
            .Include(e => e.Certificates)
            .AsSplitQuery();
}
