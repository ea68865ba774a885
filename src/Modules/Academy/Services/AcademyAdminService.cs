using Portal.Academy.ViewModels;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Academy.Data;
using Portal.Academy.Models;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Notifications;
using Portal.People;
using Portal.Search;

namespace Portal.Academy.Services;

public sealed record BulkEnrolResult(int Enrolled, int AlreadyEnrolled, IReadOnlyList<string> NotFound)
{
    /// <summary>Whom the enrolment changed (for the audit trail).</summary>
    public IReadOnlyList<string> EnrolledUserIds { get; init; } = [];
}

public sealed record CohortLearnerRow(string UserId, string Name, int Percent, bool Started, bool Completed,
    IReadOnlyList<int?> BestScores, bool? Improved, string? CertificateCode);

public sealed record CompetencyChange(Competency Competency, double? PreAverage, double? PostAverage);

public sealed record CohortReport(
    Cohort Cohort,
    Course Course,
    IReadOnlyList<Quiz> Quizzes,
    IReadOnlyList<CohortLearnerRow> Learners,
    IReadOnlyList<CompetencyChange> Competencies,
    decimal TargetPercent)
{
    public int Enrolled => Learners.Count;
    public int Completed => Learners.Count(l => l.Completed);
    public int InProgress => Learners.Count(l => l.Started && !l.Completed);
    public int NotStarted => Learners.Count(l => !l.Started);
    public int Assessed => Learners.Count(l => l.Improved is not null);
    public int ImprovedCount => Learners.Count(l => l.Improved == true);

    /// <summary>Share of learners with both self-assessments whose rating rose; null when nobody has both.</summary>
    public decimal? ImprovedPercent => Assessed == 0 ? null : Math.Round(ImprovedCount * 100m / Assessed, 1);

    public double? AverageBestScore(int quizIndex)
    {
        var scores = Learners.Select(l => l.BestScores[quizIndex]).Where(s => s is not null).Select(s => (double)s!.Value).ToList();
        return scores.Count == 0 ? null : Math.Round(scores.Average(), 1);
    }
}

/// <summary>Staff use cases: authoring, cohorts, reports.</summary>
public sealed class AcademyAdminService(AcademyDbContext db, TimeProvider clock, IPersonDirectory directory, IIndexingQueue indexing, INotificationPublisher publisher)
{

    public async Task<IReadOnlyList<Course>> GetCoursesAsync(CancellationToken ct = default) =>
        await db.Courses.AsNoTracking().Include(c => c.Lessons).Include(c => c.Quizzes).AsSplitQuery().OrderBy(c => c.Id).ToListAsync(ct);

    public Task<Course?> GetCourseAsync(long id, CancellationToken ct = default) =>
        db.CoursesWithContent().FirstOrDefaultAsync(c => c.Id == id, ct);

    public async Task<Course> CreateCourseAsync(string slug, CourseDetails details, CancellationToken ct = default)
    {
        var normalized = Course.NormalizeSlug(slug);
        if (await db.Courses.AnyAsync(c => c.Slug == normalized, ct))
        {
            throw new AcademyRuleException("Another course already uses this web address name.");
        }

        var course = Course.Create(normalized, details, clock.GetUtcNow());
        db.Courses.Add(course);
        await SaveAndReindexAsync(() => course.Id, ct);
        return course;
    }

    public async Task UpdateCourseAsync(Course course, CourseDetails details, bool published, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        course.Update(details, now);
        if (published && !course.Published)
        {
            course.Publish(now);
        }
        else if (!published && course.Published)
        {
            course.Unpublish(now);
        }

        await SaveAndReindexAsync(() => course.Id, ct);
    }

    public async Task<Lesson> AddLessonAsync(Course course, LessonDetails details, CancellationToken ct = default)
    {
        var lesson = course.AddLesson(details, clock.GetUtcNow());
        await SaveAndReindexAsync(() => course.Id, ct);
        return lesson;
    }

    public async Task UpdateLessonAsync(Lesson lesson, LessonDetails details, CancellationToken ct = default)
    {
        lesson.Update(details);
        await SaveAndReindexAsync(() => lesson.CourseId, ct);
    }

    /// <summary>Moves a lesson one place up or down; returns false when it is already first or last.</summary>
    public async Task<bool> MoveLessonAsync(Course course, Lesson lesson, bool up, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(course);
        if (!course.MoveLesson(lesson, up ? -1 : 1, clock.GetUtcNow()))
        {
            return false;
        }

        await SaveAndReindexAsync(() => course.Id, ct);
        return true;
    }

    /// <summary>How many learners have finished the lesson (shown before it is deleted).</summary>
    public Task<int> CountLessonCompletionsAsync(Lesson lesson, CancellationToken ct = default) =>
        db.Set<LessonCompletion>().CountAsync(c => c.LessonId == lesson.Id, ct);

    /// <summary>Deletes a lesson with learners' "finished" marks for it, in one transaction. Progress is always
    /// counted over the course's current lessons, so percentages stay right; completed courses and certificates
    /// are not touched.</summary>
    public async Task DeleteLessonAsync(Course course, Lesson lesson, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(lesson);
        course.RemoveLesson(lesson, clock.GetUtcNow());
        db.Lessons.Remove(lesson);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.Set<LessonCompletion>().Where(c => c.LessonId == lesson.Id).ExecuteDeleteAsync(ct);
            await db.Enrolments.Where(e => e.LastLessonId == lesson.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.LastLessonId, (long?)null), ct);
            await db.SaveChangesAsync(ct);
            await indexing.EnqueueAsync(CourseSearchSource.ChangesFor(course.Id), tx.GetDbTransaction(), ct);
            await tx.CommitAsync(ct);
        }
    }

    public Task<int> CountEnrolmentsAsync(long courseId, CancellationToken ct = default) =>
        db.Enrolments.CountAsync(e => e.CourseId == courseId, ct);

    /// <summary>Deletes a course nobody is enrolled in (its lessons, quizzes, cohorts and places in learning paths
    /// go with it) and tells search.</summary>
    public async Task DeleteCourseAsync(Course course, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(course);
        Course.EnsureCanDelete(await CountEnrolmentsAsync(course.Id, ct));
        db.Courses.Remove(course);
        try
        {
            await SaveAndReindexAsync(() => course.Id, ct);
        }
        catch (DbUpdateException)
        {
            // Someone enrolled between the count and the delete (enrolments restrict deleting their course):
            // explain it as the rule does, instead of an error page.
            db.ChangeTracker.Clear();
            Course.EnsureCanDelete(await CountEnrolmentsAsync(course.Id, ct));
            throw;
        }
    }

    /// <summary>Archives a course: it leaves the catalogue and search; enrolled learners keep their records,
    /// the course pages and their certificates.</summary>
    public async Task UnpublishCourseAsync(Course course, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(course);
        course.Unpublish(clock.GetUtcNow());
        await SaveAndReindexAsync(() => course.Id, ct);
    }

    public async Task<Quiz> AddQuizAsync(Course course, QuizDetails details, CancellationToken ct = default)
    {
        var quiz = course.AddQuiz(details, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return quiz;
    }

    public async Task UpdateQuizAsync(Quiz quiz, QuizDetails details, CancellationToken ct = default)
    {
        quiz.Update(details);
        await db.SaveChangesAsync(ct);
    }

    public async Task AddQuestionAsync(Quiz quiz, QuestionDetails details, CancellationToken ct = default)
    {
        quiz.AddQuestion(details);
        await db.SaveChangesAsync(ct);
    }

    public async Task RemoveQuestionAsync(Quiz quiz, long questionId, CancellationToken ct = default)
    {
        var question = quiz.Questions.FirstOrDefault(q => q.Id == questionId) ?? throw new AcademyRuleException("The question was not found.");
        quiz.RemoveQuestion(question);
        db.Questions.Remove(question);
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<Cohort>> GetCohortsAsync(CancellationToken ct = default) =>
        (await db.Cohorts.AsNoTracking().ToListAsync(ct)).OrderByDescending(c => c.StartsOn).ToList();

    public Task<Cohort?> GetCohortAsync(long id, CancellationToken ct = default) => db.Cohorts.FirstOrDefaultAsync(c => c.Id == id, ct);

    public async Task<Cohort> CreateCohortAsync(long courseId, string name, DateOnly startsOn, DateOnly endsOn, CancellationToken ct = default)
    {
        var course = await db.Courses.FirstOrDefaultAsync(c => c.Id == courseId, ct) ?? throw new AcademyRuleException("This course was not found.");
        var cohort = Cohort.Create(course, name, startsOn, endsOn, clock.GetUtcNow());
        db.Cohorts.Add(cohort);
        await db.SaveChangesAsync(ct);
        return cohort;
    }

    /// <summary>Enrols people named one per line (or separated by commas/semicolons) by user name; user names
    /// that are e-mail addresses work the same way.</summary>
    public async Task<BulkEnrolResult> BulkEnrolAsync(Cohort cohort, string names, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        var entries = (names ?? "").Split(['\n', '\r', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (entries.Count == 0)
        {
            throw new AcademyRuleException("Enter at least one user name or e-mail address.");
        }

        if (entries.Count > 500)
        {
            throw new AcademyRuleException("Enrol at most 500 people at a time.");
        }

        var found = new List<string>();
        var notFound = new List<string>();
        foreach (var entry in entries)
        {
            var person = await directory.FindByUserNameAsync(entry, ct);
            if (person is null)
            {
                notFound.Add(entry);
            }
            else
            {
                found.Add(person.UserId);
            }
        }

        var course = await db.Courses.FirstAsync(c => c.Id == cohort.CourseId, ct);
        var already = (await db.Enrolments.Where(e => e.CourseId == course.Id && found.Contains(e.UserId)).Select(e => e.UserId).ToListAsync(ct)).ToHashSet();
        var created = cohort.EnrolMany(course, found, already, clock.GetUtcNow());
        db.Enrolments.AddRange(created);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            foreach (var enrolment in created)
            {
                var person = await directory.FindAsync(enrolment.UserId, ct);
                var english = Globalization.PortalCultures.Normalize(person?.Culture) == Globalization.PortalCultures.English;
                var url = "/academy/courses/" + course.Slug;
                await publisher.PublishAsync(new NotificationRequest(AcademyNotifications.Enrolled, enrolment.UserId,
                    new Dictionary<string, string> { ["name"] = person?.DisplayName ?? "", ["course"] = course.Title(english), ["url"] = url },
                    $"academy.enrolled:{enrolment.Id}") { Url = url }, tx.GetDbTransaction(), ct);
            }

            await tx.CommitAsync(ct);
        }

        return new BulkEnrolResult(created.Count, found.Distinct().Count() - created.Count, notFound) { EnrolledUserIds = [.. created.Select(e => e.UserId)] };
    }

    public async Task<CohortReport?> GetCohortReportAsync(long cohortId, decimal targetPercent, CancellationToken ct = default)
    {
        var cohort = await db.Cohorts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cohortId, ct);
        if (cohort is null)
        {
            return null;
        }

        var course = await db.CoursesWithContent().AsNoTracking().FirstAsync(c => c.Id == cohort.CourseId, ct);
        var enrolments = await db.EnrolmentsWithProgress().AsNoTracking().Where(e => e.CohortId == cohortId).ToListAsync(ct);
        var people = (await directory.FindManyAsync(enrolments.Select(e => e.UserId).ToList(), ct)).ToDictionary(p => p.UserId);
        var quizzes = course.OrderedQuizzes.ToList();
        var rows = enrolments.Select(e => new CohortLearnerRow(
                e.UserId,
                people.TryGetValue(e.UserId, out var p) ? p.DisplayName : e.UserId,
                e.PercentComplete(course),
                e.Completions.Count > 0 || e.Attempts.Count > 0 || e.Ratings.Count > 0,
                e.IsComplete(course),
                quizzes.Select(q => e.BestAttempt(q.Id)?.ScorePercent).ToList(),
                e.Improved(),
                e.CurrentCertificate?.FormattedCode))
            .OrderBy(r => r.Name, StringComparer.CurrentCulture)
            .ToList();
        var competencies = Enrolment.AllCompetencies.Select(c => new CompetencyChange(c,
                Average(enrolments, AssessmentStage.Pre, c), Average(enrolments, AssessmentStage.Post, c)))
            .ToList();
        return new CohortReport(cohort, course, quizzes, rows, competencies, targetPercent);
    }

    /// <summary>
    /// The cohort report as CSV (CsvHelper): every cell quoted, and a leading quote for values a spreadsheet would
    /// run as a formula (CSV injection: = + - @ tab and CR).
    /// </summary>
    public static string ToCsv(CohortReport report, Func<string, string> localize)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(localize);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvHelper.CsvWriter(text, CsvConfiguration))
        {
            var header = new List<string> { localize("Name"), localize("Progress (%)"), localize("Completed") };
            header.AddRange(report.Quizzes.Select(q => q.Title(Globalization.PortalCultures.IsEnglish)));
            header.Add(localize("Improved"));
            header.Add(localize("Certificate"));
            WriteRow(csv, header);
            foreach (var row in report.Learners)
            {
                var cells = new List<string> { row.Name, row.Percent.ToString(CultureInfo.InvariantCulture), row.Completed ? localize("Yes") : localize("No") };
                cells.AddRange(row.BestScores.Select(s => s?.ToString(CultureInfo.InvariantCulture) ?? ""));
                cells.Add(row.Improved is null ? "" : row.Improved.Value ? localize("Yes") : localize("No"));
                cells.Add(row.CertificateCode ?? "");
                WriteRow(csv, cells);
            }
        }

        return text.ToString();
    }

    /// <summary>One cell as the report writes it (quoted, formulas defused).</summary>
    internal static string Cell(string value)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvHelper.CsvWriter(text, CsvConfiguration))
        {
            csv.WriteField(value ?? "");
        }

        return text.ToString();
    }

    private static readonly CsvHelper.Configuration.CsvConfiguration CsvConfiguration = new(CultureInfo.InvariantCulture)
    {
        NewLine = Environment.NewLine,
        ShouldQuote = _ => true,
        InjectionOptions = CsvHelper.Configuration.InjectionOptions.Escape,
    };

    private static void WriteRow(CsvHelper.CsvWriter csv, IEnumerable<string> cells)
    {
        foreach (var cell in cells)
        {
            csv.WriteField(cell);
        }

        csv.NextRecord();
    }

    /// <summary>
    /// Learners who completed a course but have no certificate, whose remembered name has a character no font can draw
    /// (their certificate was refused): staff see who waits and which characters are missing.
    /// </summary>
    public async Task<IReadOnlyList<WaitingCertificate>> FindWaitingCertificatesAsync(Certificates.CertificatePdfRenderer renderer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        var completed = await db.Enrolments.AsNoTracking()
            .Where(e => e.CompletedUtc != null && !e.Certificates.Any())
            .OrderByDescending(e => e.CompletedUtc).Take(500)
            .Select(e => new { e.UserId, e.CourseId, e.CompletedUtc })
            .ToListAsync(ct);
        if (completed.Count == 0)
        {
            return [];
        }

        var userIds = completed.Select(e => e.UserId).Distinct().ToList();
        var profiles = await db.LearnerProfiles.AsNoTracking().Where(p => userIds.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, ct);
        var courseIds = completed.Select(e => e.CourseId).Distinct().ToList();
        var courses = await db.Courses.AsNoTracking().Where(c => courseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var waiting = new List<WaitingCertificate>();
        foreach (var e in completed)
        {
            if (!profiles.TryGetValue(e.UserId, out var profile) || !courses.TryGetValue(e.CourseId, out var course))
            {
                continue;
            }

            var name = profile.NameChoice switch
            {
                HolderNameChoice.Chinese => profile.NameZh ?? "",
                HolderNameChoice.English => profile.NameEn ?? "",
                _ => $"{profile.NameZh} {profile.NameEn}".Trim(),
            };
            var missing = renderer.MissingCharacters(new Certificates.CertificateDocument(name, course.TitleZh, course.TitleEn, course.Hours,
                DateOnly.FromDateTime(e.CompletedUtc!.Value.UtcDateTime), "", "", "", "", CertificateCode.New(), "", null, e.CompletedUtc.Value));
            if (missing.Count > 0)
            {
                waiting.Add(new WaitingCertificate(name, course, e.CompletedUtc.Value, missing, e.UserId));
            }
        }

        return waiting;
    }

    public async Task<IReadOnlyList<Certificate>> FindCertificatesAsync(string? query, CancellationToken ct = default)
    {
        var q = db.Certificates.AsNoTracking();
        var code = CertificateCode.Normalize(query);
        if (code is not null)
        {
            q = q.Where(c => c.Code == code);
        }
        else if (!string.IsNullOrWhiteSpace(query))
        {
            var text = query.Trim();
            q = q.Where(c => c.HolderNameZh.Contains(text) || c.HolderNameEn.Contains(text));
        }

        return (await q.OrderByDescending(c => c.Id).Take(100).ToListAsync(ct));
    }

    public async Task<IReadOnlyList<LearningPath>> GetPathsAsync(CancellationToken ct = default) =>
        await db.LearningPaths.Include(p => p.Courses).OrderBy(p => p.Id).ToListAsync(ct);

    /// <summary>Creates or updates a learning path; <paramref name="courseIds"/> in the order learners take them.</summary>
    public async Task<LearningPath> SavePathAsync(long? id, string slug, string titleZh, string titleEn, string? descriptionZh, string? descriptionEn,
        IReadOnlyList<long> courseIds, CancellationToken ct = default)
    {
        LearningPath path;
        if (id is null)
        {
            var normalized = Course.NormalizeSlug(slug);
            if (await db.LearningPaths.AnyAsync(p => p.Slug == normalized, ct))
            {
                throw new AcademyRuleException("Another learning path already uses this web address name.");
            }

            path = LearningPath.Create(normalized, titleZh, titleEn, descriptionZh, descriptionEn);
            db.LearningPaths.Add(path);
        }
        else
        {
            path = await db.LearningPaths.Include(p => p.Courses).FirstOrDefaultAsync(p => p.Id == id, ct)
                ?? throw new AcademyRuleException("The learning path was not found.");
            path.Update(titleZh, titleEn, descriptionZh, descriptionEn);
        }

        var known = await db.Courses.Where(c => courseIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        path.SetCourses(courseIds.Where(known.Contains));
        await db.SaveChangesAsync(ct);
        return path;
    }

    /// <summary>Saves the change and queues the course for search in one transaction: both commit, or neither (a saved
    /// change never shows an error page, and never misses search). The id is read after the save (new courses).</summary>
    private async Task SaveAndReindexAsync(Func<long> courseId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await indexing.EnqueueAsync(CourseSearchSource.ChangesFor(courseId()), tx.GetDbTransaction(), ct);
        await tx.CommitAsync(ct);
    }

    private static double? Average(IEnumerable<Enrolment> enrolments, AssessmentStage stage, Competency competency)
    {
        var values = enrolments.SelectMany(e => e.Ratings).Where(r => r.Stage == stage && r.Competency == competency).Select(r => (double)r.Rating).ToList();
        return values.Count == 0 ? null : Math.Round(values.Average(), 2);
    }
}
