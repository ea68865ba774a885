using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Portal.Academy.Data;
using Portal.Academy.Models;
using Portal.Globalization;
using Portal.Notifications;
using Portal.People;

namespace Portal.Academy.Services;

/// <summary>A learner's course page: the course, their enrolment (if any) and where to continue.</summary>
public sealed record CourseView(Course Course, Enrolment? Enrolment)
{
    public NextStep? Next => Enrolment?.NextStep(Course);
    public int Percent => Enrolment?.PercentComplete(Course) ?? 0;
}

public sealed record MyCourse(Course Course, Enrolment Enrolment)
{
    public int Percent => Enrolment.PercentComplete(Course);
    public bool Complete => Enrolment.IsComplete(Course);
}

/// <summary>The learner's use cases. Rules live on the entities; this loads, saves and notifies.</summary>
public sealed class LearningService(
    AcademyDbContext db,
    TimeProvider clock,
    IOptions<AcademyOptions> options,
    INotificationPublisher publisher,
    IPersonDirectory directory,
    Certificates.CertificatePdfRenderer renderer,
    Microsoft.Extensions.Logging.ILogger<LearningService> logger)
{

    public async Task<IReadOnlyList<Course>> GetCatalogueAsync(CancellationToken ct = default) =>
        await db.Courses.AsNoTracking().Include(c => c.Lessons).Where(c => c.Published).OrderBy(c => c.Id).ToListAsync(ct);

    public async Task<Course?> FindPublishedCourseAsync(string slug, CancellationToken ct = default)
    {
        var normalized = Course.NormalizeSlug(slug);
        return await db.CoursesWithContent().FirstOrDefaultAsync(c => c.Slug == normalized && c.Published, ct);
    }

    /// <summary>A published course for anyone; an unpublished (archived) one only for the learners enrolled in it,
    /// so that they keep their records, their change chart and their certificates.</summary>
    public async Task<CourseView?> GetCourseViewAsync(string slug, string? userId, CancellationToken ct = default)
    {
        var normalized = Course.NormalizeSlug(slug);
        var course = await db.CoursesWithContent().FirstOrDefaultAsync(c => c.Slug == normalized, ct);
        if (course is null)
        {
            return null;
        }

        var enrolment = userId is null ? null : await FindEnrolmentAsync(userId, course.Id, ct);
        return course.Published || enrolment is not null ? new CourseView(course, enrolment) : null;
    }

    public Task<Enrolment?> FindEnrolmentAsync(string userId, long courseId, CancellationToken ct = default) =>
        db.EnrolmentsWithProgress().FirstOrDefaultAsync(e => e.UserId == userId && e.CourseId == courseId, ct);

    /// <summary>Enrols the person (once) and sends the enrolment confirmation in the same transaction.</summary>
    public async Task<Enrolment> EnrolAsync(string userId, string slug, CancellationToken ct = default)
    {
        var course = await FindPublishedCourseAsync(slug, ct) ?? throw new AcademyRuleException("This course was not found.");
        var existing = await FindEnrolmentAsync(userId, course.Id, ct);
        if (existing is not null)
        {
            return existing;
        }

        var enrolment = Enrolment.Start(userId, course, null, clock.GetUtcNow());
        var profile = await db.LearnerProfiles.FindAsync([userId], ct);
        if (profile?.ShareProgressWithMentor == true)
        {
            enrolment.SetShareWithMentor(true);
        }

        db.Enrolments.Add(enrolment);
        try
        {
            await SaveAndNotifyAsync(async tx =>
            {
                await PublishAsync(AcademyNotifications.Enrolled, userId, course, $"academy.enrolled:{enrolment.Id}",
                    "/academy/courses/" + course.Slug, new Dictionary<string, string>(), tx, ct);
            }, ct);
        }
        catch (DbUpdateException) when (!ct.IsCancellationRequested)
        {
            // "Enrol" pressed twice at once (a double click): the unique index kept the first enrolment, which sent
            // the one confirmation; this request shows that enrolment. Anything else is a real failure.
            db.ChangeTracker.Clear();
            var kept = await FindEnrolmentAsync(userId, course.Id, ct);
            if (kept is null)
            {
                throw;
            }

            return kept;
        }

        return enrolment;
    }

    public async Task VisitLessonAsync(Enrolment enrolment, Lesson lesson, CancellationToken ct = default)
    {
        enrolment.VisitLesson(lesson, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    public async Task CompleteLessonAsync(Enrolment enrolment, Lesson lesson, CancellationToken ct = default)
    {
        enrolment.CompleteLesson(lesson, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    public async Task<QuizAttempt> SubmitQuizAsync(Enrolment enrolment, Quiz quiz, IReadOnlyDictionary<long, IReadOnlyCollection<long>> answers, CancellationToken ct = default)
    {
        var attempt = enrolment.SubmitQuizAttempt(quiz, answers, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return attempt;
    }

    public async Task RecordAssessmentAsync(Enrolment enrolment, Course course, AssessmentStage stage, IReadOnlyDictionary<Competency, int> ratings, CancellationToken ct = default)
    {
        enrolment.RecordSelfAssessment(course, stage, ratings, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    public Task<LearnerProfile?> FindProfileAsync(string userId, CancellationToken ct = default) =>
        ProfileByUser.RunAsync(db, userId, ct);

    /// <summary>As <c>FindAsync</c> (tracked), without building the query again on every view of /academy/my (about 5 %
    /// of the page's CPU, issue 16).</summary>
    private static readonly Portal.Data.CompiledQuery<AcademyDbContext, string, LearnerProfile?> ProfileByUser =
        new((context, userId, ct) => context.LearnerProfiles.FirstOrDefault(p => p.UserId == userId));

    /// <summary>Issues the certificate of a completed course (or a re-issue with another name choice: a new record
    /// with a new code) and tells the learner in the same transaction.</summary>
    public async Task<Certificate> IssueCertificateAsync(Enrolment enrolment, Course course, string? nameZh, string? nameEn, HolderNameChoice choice, CancellationToken ct = default)
    {
        var issue = new CertificateIssue(nameZh, nameEn, choice, options.Value.IssuerZh, options.Value.IssuerEn);
        var now = clock.GetUtcNow();

        // Every character must be drawn: a certificate that would drop one (e.g. an HKSCS character no font has)
        // is not issued. The names are remembered so staff see on the certificates page whose certificate waits, and why.
        var missing = renderer.MissingCharacters(CertificateService.ToDocument(Certificate.Issue(enrolment, course, issue, now), "https://localhost/"));
        if (missing.Count > 0)
        {
            await RememberNamesAsync(enrolment.UserId, nameZh, nameEn, choice, ct);
            await db.SaveChangesAsync(ct);
            logger.LogWarning("Certificate not issued for course {CourseId}: no font has {Codepoints}.", course.Id,
                string.Join(' ', missing.Select(cp => "U+" + cp.ToString("X4", System.Globalization.CultureInfo.InvariantCulture))));
            throw new Certificates.CertificateNotDrawableException(missing);
        }

        var certificate = enrolment.Certificates.Count == 0
            ? enrolment.IssueCertificate(course, issue, now)
            : enrolment.ReissueCertificate(course, issue, now);

        await RememberNamesAsync(enrolment.UserId, nameZh, nameEn, choice, ct);
        await SaveAndNotifyAsync(async tx =>
        {
            await PublishAsync(AcademyNotifications.CertificateIssued, enrolment.UserId, course, $"academy.certificate-issued:{certificate.Code}",
                "/academy/my", new Dictionary<string, string> { ["code"] = certificate.FormattedCode }, tx, ct);
        }, ct);
        return certificate;
    }

    private async Task RememberNamesAsync(string userId, string? nameZh, string? nameEn, HolderNameChoice choice, CancellationToken ct)
    {
        var profile = await db.LearnerProfiles.FindAsync([userId], ct);
        if (profile is null)
        {
            profile = LearnerProfile.For(userId);
            db.LearnerProfiles.Add(profile);
        }

        profile.RememberNames(nameZh, nameEn, choice);
    }

    /// <summary>The two queries of /academy/my, compiled (building and translating them was about a tenth of the
    /// page's CPU, issue 16). <see cref="AcademyQueries"/> is called once, when each is compiled.</summary>
    private static readonly Portal.Data.CompiledListQuery<AcademyDbContext, string, Enrolment> EnrolmentsOfLearner =
        new((context, userId) => context.EnrolmentsWithProgress().Where(e => e.UserId == userId));

    private static readonly Portal.Data.CompiledListQuery<AcademyDbContext, List<long>, Course> CoursesById =
        new((context, ids) => context.CoursesWithContent().Where(c => ids.Contains(c.Id)));

    public async Task<IReadOnlyList<MyCourse>> GetMyLearningAsync(string userId, CancellationToken ct = default)
    {
        var enrolments = await EnrolmentsOfLearner.ToListAsync(db, userId, ct);
        var ids = enrolments.Select(e => e.CourseId).ToList();
        var courses = (await CoursesById.ToListAsync(db, ids, ct)).ToDictionary(c => c.Id);
        return enrolments.Where(e => courses.ContainsKey(e.CourseId))
            .OrderByDescending(e => e.LastActivityUtc)
            .Select(e => new MyCourse(courses[e.CourseId], e))
            .ToList();
    }

    /// <summary>The learner's consent to show their progress to their mentor (all courses).</summary>
    public async Task SetShareWithMentorAsync(string userId, bool share, CancellationToken ct = default)
    {
        var profile = await db.LearnerProfiles.FindAsync([userId], ct);
        var created = profile is null;
        if (profile is null)
        {
            profile = LearnerProfile.For(userId);
            db.LearnerProfiles.Add(profile);
        }

        profile.SetShareProgressWithMentor(share);
        foreach (var enrolment in await db.Enrolments.Where(e => e.UserId == userId).ToListAsync(ct))
        {
            enrolment.SetShareWithMentor(share);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (created)
        {
            // A double submit: the parallel request created the profile first. Apply the choice to that one.
            db.ChangeTracker.Clear();
            await SetShareWithMentorAsync(userId, share, ct);
        }
    }

    public async Task<IReadOnlyList<(LearningPath Path, IReadOnlyList<Course> Courses)>> GetPathsAsync(CancellationToken ct = default)
    {
        var paths = await db.LearningPaths.AsNoTracking().Include(p => p.Courses).OrderBy(p => p.Id).ToListAsync(ct);
        var courses = await db.Courses.AsNoTracking().Where(c => c.Published).ToDictionaryAsync(c => c.Id, ct);
        return paths.Select(p => (p, (IReadOnlyList<Course>)p.Courses.OrderBy(c => c.Position)
                .Where(c => courses.ContainsKey(c.CourseId)).Select(c => courses[c.CourseId]).ToList()))
            .Where(p => p.Item2.Count > 0)
            .ToList();
    }

    private async Task SaveAndNotifyAsync(Func<IDbContextTransaction, Task> notify, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await notify(tx);
        await tx.CommitAsync(ct);
    }

    private async Task PublishAsync(string kind, string userId, Course course, string key, string url,
        Dictionary<string, string> data, IDbContextTransaction tx, CancellationToken ct)
    {
        var person = await directory.FindAsync(userId, ct);
        var english = PortalCultures.Normalize(person?.Culture) == PortalCultures.English;
        data["name"] = person?.DisplayName ?? "";
        data["course"] = course.Title(english);
        data["url"] = url;
        await publisher.PublishAsync(new NotificationRequest(kind, userId, data, key) { Url = url }, tx.GetDbTransaction(), ct);
    }
}
